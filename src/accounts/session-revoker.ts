/** Ends what an account has open with the provider. */
export interface SessionRevoker {
  /** Every session (all browsers), every grant, and so every access and refresh token. */
  signOutEverywhere(accountId: string): Promise<void>;
}
