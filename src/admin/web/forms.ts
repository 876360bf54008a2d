// What the Admin Center's forms and search boxes send (url-encoded strings and checkboxes), read into the
// shapes the admin services take. Empty fields mean "not given".
import { z } from 'zod';

import { AUDIT_CATEGORIES } from '../../audit/audit-event.js';
import { CLIENT_TYPES } from '../../clients/organization-clients.js';
import { CONNECTION_AUTH_METHODS } from '../../organizations/organization.js';

const optional = <T extends z.ZodType>(schema: T) => z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
const checkbox = z.literal('on').optional().transform((value) => value === 'on');
const page = z.coerce.number().int().min(1).max(100_000).catch(1);
const splitLines = (text: string) => text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
const lines = z.string().max(20_000).default('').transform(splitLines);
/** Absent (a service's form has no redirect URIs): unchanged. */
const linesIfGiven = z.string().max(20_000).transform(splitLines).optional();

export const setupForm = z.object({ name: z.string().max(200) });

export const userListForm = z.object({
  search: optional(z.string().trim().max(100)),
  status: optional(z.enum(['ACTIVE', 'INVITED', 'SUSPENDED'])).catch(undefined),
  page,
});

export const inviteForm = z.object({ email: z.string().max(254), name: optional(z.string().trim().max(100)), admin: checkbox });

export const settingsForm = z.object({
  name: z.string().trim().max(100),
  ssoOnly: checkbox,
  requireMfa: checkbox,
  requirePasskey: checkbox,
  waiveMfaForSso: checkbox,
  jitProvisioning: checkbox,
  loginVerification: z.enum(['default', 'on', 'off']).transform((value) => (value === 'default' ? null : value === 'on')),
  sessionMaxHours: z.string().trim().regex(/^\d{0,5}$/, 'Enter a number of hours.').transform((value) => (value === '' ? null : Number(value))),
});

export const domainForm = z.object({ domain: z.string().trim().max(253) });

/** Empty fields: the product's look. */
export const brandingForm = z.object({ displayName: z.string().max(200).default(''), color: z.string().max(32).default('') });

export const connectionForm = z.object({
  issuer: z.string().trim().max(2048),
  clientId: z.string().trim().min(1).max(255),
  clientSecret: optional(z.string().max(1024)),
  authMethod: z.enum(CONNECTION_AUTH_METHODS),
});

/** The SAML form: whichever way the administrator filled in (a metadata URL, the metadata, or by hand). */
export const samlConnectionForm = z.object({
  metadataUrl: optional(z.string().trim().max(2048)),
  metadataXml: optional(z.string().trim().max(1024 * 1024)),
  entityId: optional(z.string().trim().max(1024)),
  ssoUrl: optional(z.string().trim().max(2048)),
  certificate: optional(z.string().trim().max(16 * 1024)),
  claimEmail: optional(z.string().trim().max(200)),
  claimName: optional(z.string().trim().max(200)),
  idpInitiatedClientId: optional(z.string().trim().max(64)),
});

/** Empty: none. */
const logoutUri = z.string().trim().max(2048).default('').transform((value) => (value === '' ? null : value));

export const clientForm = z.object({
  name: z.string().trim().max(100),
  type: z.enum(CLIENT_TYPES),
  redirectUris: lines,
  postLogoutRedirectUris: lines,
  adminApi: checkbox,
  requirePar: checkbox,
  requireDpop: checkbox,
  requireSignedRequestObject: checkbox,
  tokenExchange: checkbox,
  backchannelLogoutUri: logoutUri,
  frontchannelLogoutUri: logoutUri,
});

export const clientEditForm = z.object({
  name: z.string().trim().max(100), redirectUris: linesIfGiven, postLogoutRedirectUris: linesIfGiven,
  requirePar: checkbox, requireDpop: checkbox, requireSignedRequestObject: checkbox, tokenExchange: checkbox,
  backchannelLogoutUri: logoutUri, frontchannelLogoutUri: logoutUri,
});

export const auditForm = z.object({
  user: optional(z.string().trim().max(254)),
  category: optional(z.enum(AUDIT_CATEGORIES)).catch(undefined),
  outcome: optional(z.enum(['success', 'failure'])).catch(undefined),
  from: optional(z.iso.date()).catch(undefined),
  to: optional(z.iso.date()).catch(undefined),
  page,
});

/** The first problem of a form that did not parse, as a sentence. */
export function formProblem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'The form'}: ${issue.message}` : 'The form is not valid.';
}
