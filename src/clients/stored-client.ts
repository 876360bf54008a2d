/** Client metadata as oidc-provider reads it (RFC 7591 names), without client_id and client_secret. */
export type ClientMetadata = Readonly<Record<string, unknown>>;

export interface StoredClient {
  readonly clientId: string;
  readonly metadata: ClientMetadata;
  /** Undefined for public clients. Kept encrypted at rest. */
  readonly secret: string | undefined;
  /** First-party clients skip the consent screen. */
  readonly firstParty: boolean;
  /** The organization that manages it in the Admin Center; undefined for the operator's clients. */
  readonly organizationId?: string | undefined;
}
