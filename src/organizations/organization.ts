import type { JsonWebKey } from 'node:crypto';

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly ssoOnly: boolean;
  readonly jitProvisioning: boolean;
  readonly waiveMfaForSso: boolean;
  readonly domains: readonly OrganizationDomain[];
}

export interface OrganizationDomain {
  readonly domain: string;
  readonly verified: boolean;
}

export interface Membership {
  readonly organizationId: string;
  readonly accountId: string;
  readonly isAdmin: boolean;
}

export const CONNECTION_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;
export type ConnectionAuthMethod = (typeof CONNECTION_AUTH_METHODS)[number];

/** The company's OpenID Connect provider, as this server's relying party sees it. */
export interface Connection {
  readonly id: string;
  readonly organizationId: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly authMethod: ConnectionAuthMethod;
  readonly clientSecret: string | undefined;
  /** For private_key_jwt: the private key (ES256) this server signs its client assertions with. */
  readonly privateJwk: JsonWebKey | undefined;
  readonly scopes: readonly string[];
  readonly claims: { readonly sub: string; readonly email: string; readonly name: string };
  readonly updatedAt: Date;
}

export type OrganizationSettings = Partial<Pick<Organization, 'name' | 'ssoOnly' | 'jitProvisioning' | 'waiveMfaForSso'>>;
