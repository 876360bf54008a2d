// The shapes of the Admin API's requests and answers (zod): validated on the way in, and the source of the
// OpenAPI document. The Admin Center's forms reuse the request shapes.
import { z } from 'zod';

import { AUDIT_CATEGORIES, AUDIT_EVENT_TYPES } from '../audit/audit-event.js';
import { CLIENT_TYPES } from '../clients/organization-clients.js';
import { CONNECTION_AUTH_METHODS, SESSION_MAX_HOURS_LIMIT } from '../organizations/organization.js';

const MEMBER_STATUSES = ['ACTIVE', 'INVITED', 'SUSPENDED'] as const;

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(25),
});

export const userListQuery = pageQuery.extend({
  search: z.string().trim().max(100).optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
});

export const inviteBody = z.strictObject({
  email: z.string().max(254),
  name: z.string().trim().max(100).optional(),
  admin: z.boolean().default(false),
});

export const adminBody = z.strictObject({ admin: z.boolean() });

export const settingsBody = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  ssoOnly: z.boolean().optional(),
  requireMfa: z.boolean().optional(),
  requirePasskey: z.boolean().optional(),
  waiveMfaForSso: z.boolean().optional(),
  jitProvisioning: z.boolean().optional(),
  loginVerification: z.boolean().nullable().optional(),
  sessionMaxHours: z.number().int().min(1).max(SESSION_MAX_HOURS_LIMIT).nullable().optional(),
});

export const domainBody = z.strictObject({ domain: z.string().trim().min(1).max(253) });

/** The sign-in pages' look: only the fields given change; null goes back to the product's. */
export const brandingBody = z.strictObject({
  displayName: z.string().max(200).nullable().optional().describe('The name the sign-in pages show instead of the organization name'),
  color: z.string().max(32).nullable().optional().describe('#RRGGBB, with a contrast of at least 4.5:1 against white (WCAG AA)'),
});

export const brandingOut = z.object({
  displayName: z.string().nullable(),
  color: z.string().nullable(),
  logoUrl: z.string().nullable().describe("The logo's path on this server (set from the command line: org:branding --logo FILE)"),
});

const scopeToken = z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]{1,64}$/, 'a scope is one word without quotes or backslashes');

export const connectionBody = z.strictObject({
  issuer: z.string().trim().max(2048),
  clientId: z.string().trim().min(1).max(255),
  clientSecret: z.string().min(1).max(1024).optional(),
  authMethod: z.enum(CONNECTION_AUTH_METHODS).optional(),
  scopes: z.array(scopeToken).max(20).optional(),
});

const samlAttribute = z.string().trim().max(200).optional();
const samlOptions = {
  claimEmail: samlAttribute, claimName: samlAttribute,
  idpInitiatedClientId: z.string().trim().max(64).nullable().optional()
    .describe('Take IdP-initiated sign-ins, and send the user on to this client (it needs an initiate_login_uri); absent or null: refused'),
};

/** One of three ways: the metadata's URL, the metadata itself, or the three things it would say. */
export const samlConnectionBody = z.union([
  z.strictObject({ metadataUrl: z.string().trim().max(2048), ...samlOptions }),
  z.strictObject({ metadataXml: z.string().min(1).max(1024 * 1024), ...samlOptions }),
  z.strictObject({
    entityId: z.string().trim().min(1).max(1024), ssoUrl: z.string().trim().max(2048),
    certificate: z.string().min(1).max(16 * 1024).describe('PEM or base64 DER'), ...samlOptions,
  }),
]);

const uriList = z.array(z.string().max(2048)).max(20);

export const clientBody = z.strictObject({
  name: z.string().trim().min(1).max(100),
  type: z.enum(CLIENT_TYPES),
  redirectUris: uriList.default([]),
  postLogoutRedirectUris: uriList.default([]),
  adminApi: z.boolean().default(false),
  requirePar: z.boolean().default(false),
  requireDpop: z.boolean().default(false),
  requireSignedRequestObject: z.boolean().default(false),
  tokenExchange: z.boolean().default(false),
  backchannelLogoutUri: z.string().max(2048).nullable().default(null),
  frontchannelLogoutUri: z.string().max(2048).nullable().default(null),
});

export const clientChanges = z.strictObject({
  name: z.string().trim().min(1).max(100).optional(),
  redirectUris: uriList.optional(),
  postLogoutRedirectUris: uriList.optional(),
  requirePar: z.boolean().optional(),
  requireDpop: z.boolean().optional(),
  requireSignedRequestObject: z.boolean().optional(),
  tokenExchange: z.boolean().optional(),
  backchannelLogoutUri: z.string().max(2048).nullable().optional(),
  frontchannelLogoutUri: z.string().max(2048).nullable().optional(),
});

const day = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

export const auditQuery = pageQuery.extend({
  user: z.uuid().optional(),
  category: z.enum(AUDIT_CATEGORIES).optional(),
  outcome: z.enum(['success', 'failure']).optional(),
  from: day.optional(),
  to: day.optional(),
});

// Answers.

export const userOut = z.object({
  id: z.uuid(),
  email: z.string(),
  name: z.string().nullable(),
  status: z.enum(MEMBER_STATUSES),
  admin: z.boolean(),
  twoStepEnabled: z.boolean(),
  passkeys: z.number().int(),
  lastSignInAt: z.iso.datetime().nullable(),
  createdAt: z.iso.datetime(),
});

export const listOf = <T extends z.ZodType>(item: T) => z.object({
  items: z.array(item), total: z.number().int(), page: z.number().int(), perPage: z.number().int(),
});

export const domainOut = z.object({
  domain: z.string(),
  verified: z.boolean(),
  txtRecord: z.object({ name: z.string(), value: z.string() }).nullable().describe('The record to publish to prove the domain'),
});

const oidcConnectionOut = z.object({
  protocol: z.literal('oidc'),
  issuer: z.string(),
  clientId: z.string(),
  authMethod: z.enum(CONNECTION_AUTH_METHODS),
  hasSecret: z.boolean(),
  scopes: z.array(z.string()),
  jwksUrl: z.string().nullable().describe('For private_key_jwt: where the identity provider reads our public key'),
});

const samlConnectionOut = z.object({
  protocol: z.literal('saml'),
  entityId: z.string().describe("The identity provider's entity ID"),
  ssoUrl: z.string().describe('Its single sign-on service (HTTP-Redirect binding)'),
  certificates: z.number().int().describe('How many signing certificates are trusted'),
  metadataUrl: z.string().nullable().describe('Where its metadata came from, when from a URL'),
  idpInitiatedClientId: z.string().nullable().describe('IdP-initiated sign-ins go on to this client; null: refused'),
  serviceProvider: z.object({ entityId: z.string(), acsUrl: z.string(), metadataUrl: z.string() })
    .describe('What the identity provider needs from us (set up from the command line: org:connection --saml-metadata)'),
});

export const connectionOut = z.discriminatedUnion('protocol', [oidcConnectionOut, samlConnectionOut]);
export { samlConnectionOut };

export const connectionTestOut = z.object({
  ok: z.boolean(),
  steps: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })),
});

export const settingsOut = z.object({
  id: z.uuid(),
  name: z.string(),
  ssoOnly: z.boolean(),
  requireMfa: z.boolean(),
  requirePasskey: z.boolean().describe('members sign in with a user-verified passkey; those without one add it at their next sign-in'),
  waiveMfaForSso: z.boolean(),
  jitProvisioning: z.boolean(),
  loginVerification: z.boolean().nullable().describe('null: the server default'),
  sessionMaxHours: z.number().int().nullable(),
  domains: z.array(domainOut),
  connection: connectionOut.nullable(),
  branding: brandingOut,
});

export const clientOut = z.object({
  id: z.string(),
  name: z.string(),
  type: z.enum(CLIENT_TYPES),
  confidential: z.boolean(),
  redirectUris: z.array(z.string()),
  postLogoutRedirectUris: z.array(z.string()),
  adminApi: z.boolean(),
  requirePar: z.boolean().describe('authorization requests only through the pushed authorization request endpoint (RFC 9126)'),
  requireDpop: z.boolean().describe('tokens only bound to a DPoP key (RFC 9449)'),
  requireSignedRequestObject: z.boolean().describe('authorization requests only as a request object signed with the client secret (RFC 9101)'),
  tokenExchange: z.boolean().describe("may exchange users' access tokens for narrower ones (RFC 8693; web applications and services)"),
  backchannelLogoutUri: z.string().nullable().describe('told of sign-outs with a logout token (OIDC Back-Channel Logout 1.0)'),
  frontchannelLogoutUri: z.string().nullable().describe("loaded, with iss and sid, in the browser that signs out (OIDC Front-Channel Logout 1.0); at a redirect URI's origin"),
});

export const clientWithSecretOut = z.object({
  client: clientOut,
  clientSecret: z.string().nullable().describe('Shown this once; public clients have none'),
});

export const auditEventOut = z.object({
  id: z.uuid(),
  occurredAt: z.iso.datetime(),
  type: z.enum(AUDIT_EVENT_TYPES),
  outcome: z.enum(['success', 'failure']),
  reason: z.string().nullable(),
  userId: z.uuid().nullable(),
  email: z.string().nullable(),
  actorId: z.uuid().nullable(),
  actorEmail: z.string().nullable(),
  clientId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});
