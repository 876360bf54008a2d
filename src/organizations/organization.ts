import type { JsonWebKey } from 'node:crypto';

import type { OrganizationBranding } from './branding.js';

export interface Organization {
  readonly id: string;
  readonly name: string;
  readonly ssoOnly: boolean;
  readonly jitProvisioning: boolean;
  readonly waiveMfaForSso: boolean;
  /** Every member signs in with two-step verification (and sets it up at the next sign-in). */
  readonly requireMfa: boolean;
  /** Every member signs in with a user-verified passkey (phishing-resistant; added at the next sign-in). */
  readonly requirePasskey: boolean;
  /** Email verification of sign-ins from new browsers; null follows the server's setting. */
  readonly loginVerification: boolean | null;
  /** A sign-in lasts at most this many hours, 'Keep me signed in' or not; null: no limit of its own. */
  readonly sessionMaxHours: number | null;
  /** How its sign-in pages look (none set: the product's own look). */
  readonly branding: OrganizationBranding;
  readonly domains: readonly OrganizationDomain[];
}

export interface OrganizationDomain {
  readonly domain: string;
  readonly verified: boolean;
  /** For a domain not proven yet: the value its DNS TXT record must hold. */
  readonly verificationToken: string | null;
}

/** A member as the Admin Center lists it. */
export interface Member {
  readonly accountId: string;
  readonly email: string;
  readonly name: string | null;
  readonly status: 'ACTIVE' | 'INVITED' | 'SUSPENDED';
  readonly isAdmin: boolean;
  /** Break-glass: keeps password + two-step sign-in under 'Enterprise SSO only' (administrators only). */
  readonly passwordAllowed: boolean;
  readonly twoStepEnabled: boolean;
  /** How many passkeys the user has. */
  readonly passkeys: number;
  readonly lastSignInAt: Date | null;
  readonly createdAt: Date;
  /** Provisioned by the organization's identity provider over SCIM: it owns the email, name and status. */
  readonly provisioned: boolean;
}

export interface MemberQuery {
  /** Part of the name or email, any case. */
  readonly search?: string | undefined;
  readonly status?: Member['status'] | undefined;
  readonly offset: number;
  readonly limit: number;
}

export interface Membership {
  readonly organizationId: string;
  readonly accountId: string;
  readonly isAdmin: boolean;
  readonly passwordAllowed: boolean;
}

/**
 * Whether 'Enterprise SSO only' binds a member: only those who can use the company's provider (an email in
 * one of the organization's proven domains), and not a break-glass administrator. Members with other
 * emails (contractors, invited from outside) keep their password: enforcing it on them would lock them out.
 */
export function ssoOnlyApplies(organization: Pick<Organization, 'ssoOnly' | 'domains'>, member: { email: string; passwordAllowed: boolean }): boolean {
  return organization.ssoOnly && !member.passwordAllowed && inProvenDomain(organization, member.email);
}

export function inProvenDomain(organization: Pick<Organization, 'domains'>, email: string): boolean {
  const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
  return organization.domains.some((candidate) => candidate.verified && candidate.domain === domain);
}

export const CONNECTION_AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt'] as const;
export type ConnectionAuthMethod = (typeof CONNECTION_AUTH_METHODS)[number];

interface ConnectionCommon {
  readonly id: string;
  readonly organizationId: string;
  /** OIDC: the provider's issuer. SAML: the identity provider's entity ID (its assertions' Issuer). */
  readonly issuer: string;
  /**
   * Which upstream claims (OIDC) or attributes (SAML) carry the subject, email and name. SAML reads the
   * subject from the NameID; its email and name attributes are tried before the usual names.
   */
  readonly claims: { readonly sub: string; readonly email: string; readonly name: string };
  /** Who set it: the operator's URLs may reach any address, a tenant's only public ones. */
  readonly setBy: ConnectionSetter;
  readonly updatedAt: Date;
}

/** The company's OpenID Connect provider, as this server's relying party sees it. */
export interface OidcConnection extends ConnectionCommon {
  readonly protocol: 'oidc';
  readonly clientId: string;
  readonly authMethod: ConnectionAuthMethod;
  readonly clientSecret: string | undefined;
  /** For private_key_jwt: the private key (ES256) this server signs its client assertions with. */
  readonly privateJwk: JsonWebKey | undefined;
  readonly scopes: readonly string[];
}

/** The company's SAML 2.0 identity provider, as this server's service provider sees it. */
export interface SamlConnection extends ConnectionCommon {
  readonly protocol: 'saml';
  /** Its single sign-on service (HTTP-Redirect binding). */
  readonly ssoUrl: string;
  /** Its signing certificates (base64 DER): an assertion signed by any of them is taken. */
  readonly certificates: readonly string[];
  /** Where its metadata came from, when it came from a URL. */
  readonly metadataUrl: string | undefined;
  /**
   * IdP-initiated sign-in (a response no request of ours asked for): undefined, refused; otherwise the
   * client whose initiate_login_uri the user is sent on to, to start a fresh authorization there.
   */
  readonly idpInitiatedClientId: string | undefined;
}

export type Connection = OidcConnection | SamlConnection;

/** A connection to save: the repository sets when. */
export type NewConnection = Omit<OidcConnection, 'updatedAt'> | Omit<SamlConnection, 'updatedAt'>;

export type ConnectionSetter = 'operator' | 'tenant';

export const SESSION_MAX_HOURS_LIMIT = 30 * 24;

export type OrganizationSettings = Partial<Pick<Organization,
  'name' | 'ssoOnly' | 'jitProvisioning' | 'waiveMfaForSso' | 'requireMfa' | 'requirePasskey' | 'loginVerification' | 'sessionMaxHours'>>;
