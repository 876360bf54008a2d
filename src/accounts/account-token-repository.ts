export type TokenPurpose = 'PASSWORD_RESET' | 'ACTIVATION';

export interface StoredAccountToken {
  readonly id: string;
  readonly accountId: string;
  readonly purpose: TokenPurpose;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly context: Readonly<Record<string, string>> | null;
}

export interface AccountTokenRepository {
  create(token: Omit<StoredAccountToken, 'id' | 'usedAt'> & { readonly tokenHash: string }): Promise<void>;
  /** Ends every unused token of this purpose of the account: a new link makes older ones worthless. */
  invalidate(accountId: string, purpose: TokenPurpose, at: Date): Promise<void>;
  findByHash(tokenHash: string): Promise<StoredAccountToken | undefined>;
  /** Marks the token used if it is unused and unexpired at `at`, in one step; says whether it did. */
  consume(tokenHash: string, at: Date): Promise<boolean>;
}
