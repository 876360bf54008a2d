// An organization to administer (Acme: alice the administrator, bob a user) and the ways a program gets
// an Admin API token: a service client by client_credentials, or an administrator who signs in.
import * as oidc from 'openid-client';

import type { Organization } from '../../../src/organizations/organization.js';
import type { AdminContext } from '../../../src/organizations/admin-context.js';
import { adminApiAudience } from '../../../src/provider/resource-servers.js';
import { TestBrowser, type Outcome } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { signIn } from '../../helpers/relying-party.js';

export interface Person {
  readonly id: string;
  readonly email: string;
  readonly password: string;
}

export interface TestOrganization {
  readonly organization: Organization;
  readonly admin: Person;
  readonly user: Person;
  /** Acting as the administrator, for setting things up through the services. */
  readonly context: AdminContext;
}

export async function createOrganization(app: TestApp, name: string, domain: string): Promise<TestOrganization> {
  const organization = await app.services.organizations.create(name, [domain]);
  const admin = await person(app, `admin@${domain}`, `${name} administrator password`);
  const user = await person(app, `user@${domain}`, `${name} user password`);
  await app.services.organizations.addMember(organization.id, admin.email, true);
  await app.services.organizations.addMember(organization.id, user.email, false);
  return { organization, admin, user, context: { organizationId: organization.id, actor: { id: admin.id, email: admin.email }, request: {} } };
}

async function person(app: TestApp, email: string, password: string): Promise<Person> {
  const account = await app.services.accounts.create({ email, password });
  return { id: account.id, email, password };
}

/** A service client of the organization given the Admin API, and a token for it by client_credentials. */
export async function serviceToken(app: TestApp, context: AdminContext, options: { adminApi?: boolean } = {}) {
  const { client, secret } = await app.services.admin.clients.create(context, {
    name: 'Provisioning', type: 'service', redirectUris: [], postLogoutRedirectUris: [], adminApi: options.adminApi ?? true,
  });
  const config = await oidc.discovery(new URL(app.issuer), client.clientId, undefined, oidc.ClientSecretBasic(secret!), {
    execute: [oidc.allowInsecureRequests],
  });
  const tokens = await oidc.clientCredentialsGrant(config, { scope: 'admin' });
  return { clientId: client.clientId, secret: secret!, token: tokens.access_token, config };
}

/** An administrator (or anyone) signs in through `rp` asking for the Admin API. */
export async function personToken(app: TestApp, rp: oidc.Configuration, who: Person): Promise<string> {
  const { tokens } = await signIn(rp, new TestBrowser(), { ...who, consent: true }, {
    scope: 'openid email admin', resource: adminApiAudience(app.issuer),
  });
  return tokens.access_token;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: { field: string; message: string }[];
}

export interface ApiResponse<T> {
  readonly status: number;
  readonly headers: Headers;
  /** The JSON answer, read as the type the caller expects (a problem when it fails). */
  readonly body: T;
  readonly problem: Problem;
  readonly text: string;
}

/** One call to the Admin API, as any HTTP client would make it. */
export async function api<T = unknown>(app: TestApp, token: string | undefined, method: string, path: string, body?: unknown,
  headers: Record<string, string> = {}): Promise<ApiResponse<T>> {
  const response = await fetch(`${adminApiAudience(app.issuer)}${path}`, {
    method,
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  return { status: response.status, headers: response.headers, body: parsed as T, problem: parsed as Problem, text };
}

/** Opens `path` of the Admin Center, signing in on the way with email and password. */
export async function openAdmin(app: Pick<TestApp, 'issuer'>, browser: TestBrowser, who: Pick<Person, 'email' | 'password'>,
  path = '/admin/users'): Promise<Outcome> {
  const first = await browser.navigate(`${app.issuer}${path}`);
  if (!first.page.url.includes('/interaction/')) {
    return first;
  }
  const page2 = await browser.submit(first.page, 'form[action$="/login/identifier"]', { email: who.email });
  return browser.submit(page2.page, 'form[action$="/login/password"]', { password: who.password });
}
