// Where passkeys are kept (PostgreSQL through Prisma): one row per credential, looked up by its id at sign-in.

export interface StoredPasskey {
  readonly id: string;
  readonly accountId: string;
  /** base64url. */
  readonly credentialId: string;
  readonly publicKey: Uint8Array;
  readonly counter: number;
  readonly transports: readonly string[];
  readonly deviceType: 'singleDevice' | 'multiDevice';
  readonly backedUp: boolean;
  readonly aaguid: string;
  readonly name: string;
  readonly createdAt: Date;
  readonly lastUsedAt: Date | null;
}

export interface PasskeyRepository {
  add(passkey: Omit<StoredPasskey, 'id' | 'lastUsedAt'>): Promise<StoredPasskey>;
  list(accountId: string): Promise<StoredPasskey[]>;
  findByCredentialId(credentialId: string): Promise<StoredPasskey | undefined>;
  /** After a sign-in: the authenticator's new counter and backup state. */
  recordUse(id: string, use: { counter: number; backedUp: boolean; at: Date }): Promise<void>;
  /** The passkey removed, when the account had it. */
  remove(accountId: string, id: string): Promise<StoredPasskey | undefined>;
  /** Every passkey of the account (an administrator's reset, for a lost device); how many there were. */
  removeAll(accountId: string): Promise<number>;
}
