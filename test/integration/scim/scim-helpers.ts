// Calling the SCIM service as a provisioning agent does: JSON over HTTP with the organization's bearer token.
import type { TestApp } from '../../helpers/create-test-app.js';

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ScimAnswer {
  readonly status: number;
  readonly headers: Headers;
  // The parsed body (SCIM resources are open-ended).
  readonly body: Record<string, any>;
}

export type Scim = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<ScimAnswer>;

/** A SCIM client of `app` with `token` (none: no Authorization header). */
export function scimClient(app: Pick<TestApp, 'issuer'>, token: string | undefined): Scim {
  return async (method, path, body, headers = {}) => {
    const response = await fetch(`${app.issuer}/scim/v2${path}`, {
      method,
      headers: {
        accept: 'application/scim+json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/scim+json' }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) as Record<string, any> : {} };
  };
}

/** An organization claiming `domain` (proven), and a SCIM token for it. */
export async function organizationWithToken(app: TestApp, name: string, domain: string) {
  const organization = await app.services.organizations.create(name, [domain]);
  const admin = { organizationId: organization.id, actor: { id: undefined, email: 'test' }, request: {} };
  const { token, secret } = await app.services.admin.scimTokens.create(admin, `${name} directory`);
  return { organization, admin, token, secret, scim: scimClient(app, secret) };
}

/** What Microsoft Entra ID sends to create a user. */
export function entraUser(email: string, externalId: string, extra: Record<string, unknown> = {}) {
  const [given, family] = email.split('@')[0]!.split('.');
  return {
    schemas: [USER, ENTERPRISE],
    externalId,
    userName: email,
    active: true,
    displayName: `${given} ${family}`,
    emails: [{ primary: true, type: 'work', value: email }],
    name: { formatted: `${given} ${family}`, familyName: family, givenName: given },
    title: 'Engineer',
    [ENTERPRISE]: { department: 'Support', employeeNumber: externalId },
    ...extra,
  };
}
