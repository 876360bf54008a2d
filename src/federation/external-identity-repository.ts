export interface ExternalIdentity {
  readonly id: string;
  /** connection:ID for a company connection; the provider's name (google, ...) for a social one. */
  readonly source: string;
  readonly subject: string;
  readonly accountId: string;
  readonly email: string | null;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export interface ExternalIdentityRepository {
  find(source: string, subject: string): Promise<ExternalIdentity | undefined>;
  /** Throws if the identity is linked already (to any account). */
  link(identity: { source: string; subject: string; accountId: string; email: string | null }): Promise<ExternalIdentity>;
  touch(id: string, at: Date): Promise<void>;
  listForAccount(accountId: string): Promise<ExternalIdentity[]>;
  remove(accountId: string, source: string): Promise<boolean>;
}
