export interface TotpFactor {
  readonly secret: string;
  readonly enabledAt: Date;
}

export interface MfaRepository {
  findTotp(accountId: string): Promise<TotpFactor | undefined>;
  /** Turns two-step verification on with its first recovery codes, in one transaction. */
  enableTotp(accountId: string, secret: string, at: Date, recoveryCodeHashes: readonly string[]): Promise<void>;
  /** Turns it off: the secret and every recovery code go. */
  disableTotp(accountId: string): Promise<void>;
  replaceRecoveryCodes(accountId: string, hashes: readonly string[]): Promise<void>;
  /** Marks an unused code used, in one step; says whether it did. */
  useRecoveryCode(accountId: string, hash: string, at: Date): Promise<boolean>;
  countUnusedRecoveryCodes(accountId: string): Promise<number>;
}
