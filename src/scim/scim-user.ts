// A member as a SCIM User (RFC 7643 section 4.1, with the enterprise extension of section 4.3), and what a
// provisioning agent may write of one. The agent owns userName, externalId, name, displayName, emails,
// active and the descriptive attributes; the account's email is the primary (else the first) email, or
// userName when it is an email; its name is displayName, else name.formatted, else given and family names.
import { z } from 'zod';

import { normalizeEmail } from '../accounts/normalize-email.js';
import { ScimErrors } from './scim-error.js';

export const USER_SCHEMA = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER_SCHEMA = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** What SCIM keeps of a member it provisioned. */
export interface ProvisionedUser {
  readonly userName: string;
  readonly externalId: string | undefined;
  /** The agent's attributes as it last wrote them (name, displayName, emails, title, the extension...). */
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** A member of the organization, provisioned or not (one invited in the Admin Center is listed too). */
export interface DirectoryUser {
  readonly accountId: string;
  readonly email: string;
  readonly name: string | null;
  readonly status: 'ACTIVE' | 'INVITED' | 'SUSPENDED';
  readonly createdAt: Date;
  readonly updatedAt: Date;
  readonly provisioned: ProvisionedUser | undefined;
  readonly groups: readonly { readonly id: string; readonly displayName: string }[];
}

/** RFC 7643 section 3.1: a weak ETag of the version. */
export const etagOf = (version: number) => `W/"${version}"`;

export function userResource(user: DirectoryUser, baseUrl: string): Record<string, unknown> {
  const { provisioned } = user;
  const attributes = provisioned?.attributes ?? {};
  const enterprise = attributes[ENTERPRISE_USER_SCHEMA];
  return {
    schemas: enterprise ? [USER_SCHEMA, ENTERPRISE_USER_SCHEMA] : [USER_SCHEMA],
    id: user.accountId,
    ...(provisioned?.externalId ? { externalId: provisioned.externalId } : {}),
    userName: provisioned?.userName ?? user.email,
    ...(user.name && !attributes['name'] ? { name: { formatted: user.name } } : {}),
    ...(user.name && !attributes['displayName'] ? { displayName: user.name } : {}),
    ...(attributes['emails'] ? {} : { emails: [{ value: user.email, type: 'work', primary: true }] }),
    ...attributes,
    active: user.status !== 'SUSPENDED',
    ...(user.groups.length > 0
      ? { groups: user.groups.map((group) => ({ value: group.id, display: group.displayName, $ref: `${baseUrl}/Groups/${group.id}` })) } : {}),
    meta: {
      resourceType: 'User',
      created: (provisioned?.createdAt ?? user.createdAt).toISOString(),
      lastModified: (provisioned?.updatedAt ?? user.updatedAt).toISOString(),
      location: `${baseUrl}/Users/${user.accountId}`,
      version: etagOf(provisioned?.version ?? 0),
    },
  };
}

const text = (max: number) => z.string().max(max);
/** Entra ID sends booleans as the strings "True" and "False". */
const scimBoolean = z.union([z.boolean(), z.enum(['True', 'False', 'true', 'false']).transform((value) => value.toLowerCase() === 'true')]);
const multiValued = z.array(z.looseObject({
  value: text(1024).optional(), type: text(64).optional(), primary: scimBoolean.optional(), display: text(256).optional(),
})).max(20);

/** The attributes the agent writes (others are ignored, as RFC 7644 section 3.3 allows; a password never is kept). */
const userInput = z.object({
  schemas: z.array(z.string()).max(10).optional(),
  userName: text(256).trim().min(1, 'userName is required'),
  externalId: text(256).optional(),
  name: z.object({
    formatted: text(256).optional(), familyName: text(128).optional(), givenName: text(128).optional(),
    middleName: text(128).optional(), honorificPrefix: text(64).optional(), honorificSuffix: text(64).optional(),
  }).optional(),
  displayName: text(256).optional(),
  nickName: text(128).optional(),
  title: text(256).optional(),
  userType: text(64).optional(),
  preferredLanguage: text(64).optional(),
  locale: text(64).optional(),
  timezone: text(64).optional(),
  active: scimBoolean.optional(),
  emails: multiValued.optional(),
  phoneNumbers: multiValued.optional(),
  [ENTERPRISE_USER_SCHEMA]: z.looseObject({}).optional(),
});

/** What a write (POST, PUT, or a PATCH's result) says of the member. */
export interface UserWrite {
  readonly userName: string;
  readonly externalId: string | undefined;
  readonly email: string;
  readonly name: string | null;
  readonly active: boolean;
  readonly attributes: Record<string, unknown>;
}

const DESCRIPTIVE = ['name', 'displayName', 'nickName', 'title', 'userType', 'preferredLanguage', 'locale', 'timezone', 'emails', 'phoneNumbers',
  ENTERPRISE_USER_SCHEMA] as const;

export function parseUserWrite(body: unknown): UserWrite {
  const parsed = userInput.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw ScimErrors.invalidValue(`${issue.path.join('.') || 'body'}: ${issue.message}`);
  }
  const input = parsed.data;
  if (input.schemas && !input.schemas.includes(USER_SCHEMA)) {
    throw ScimErrors.invalidSyntax(`schemas must include ${USER_SCHEMA}`);
  }
  const emails = input.emails ?? [];
  const chosen = emails.find((entry) => entry.primary === true) ?? emails.find((entry) => entry.type === 'work') ?? emails[0];
  const email = normalizeEmail(chosen?.value ?? input.userName);
  if (!email) {
    throw ScimErrors.invalidValue('The user needs an email: a primary email in emails, or a userName that is an email address.');
  }
  const given = [input.name?.givenName, input.name?.familyName].filter(Boolean).join(' ');
  const name = input.displayName?.trim() || input.name?.formatted?.trim() || given || null;
  const attributes: Record<string, unknown> = {};
  for (const key of DESCRIPTIVE) {
    if (input[key] !== undefined) {
      attributes[key] = input[key];
    }
  }
  return { userName: input.userName, externalId: input.externalId, email, name, active: input.active ?? true, attributes };
}
