// Who gets into the Admin API: tokens from this provider for the API with the admin scope; administrators
// act for their organization, service clients for the organization that owns them; nobody else.
import * as oidc from 'openid-client';
import type { z } from 'zod';

import type { listOf, userOut } from '../../../src/admin/admin-schemas.js';
import { TestBrowser } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { signIn } from '../../helpers/relying-party.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { api, createOrganization, personToken, serviceToken, type TestOrganization } from './admin-helpers.js';

type UserList = z.infer<ReturnType<typeof listOf<typeof userOut>>>;

let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let acme: TestOrganization;
let globex: TestOrganization;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed());
  acme = await createOrganization(app, 'Acme', 'acme.test');
  globex = await createOrganization(app, 'Globex', 'globex.test');
});
afterAll(() => closeTestbed({ app, sink }));

test('the OpenAPI document is public and lists every operation', async () => {
  const response = await fetch(`${app.issuer}/admin/api/v1/openapi.json`);
  expect(response.status).toBe(200);
  const document = await response.json() as { openapi: string; paths: Record<string, Record<string, { operationId: string }>>; servers: { url: string }[] };
  expect(document.openapi).toBe('3.1.0');
  expect(document.servers[0]!.url).toBe(`${app.issuer}/admin/api/v1`);
  const operations = Object.values(document.paths).flatMap((methods) => Object.values(methods).map((op) => op.operationId));
  expect(operations).toEqual(expect.arrayContaining([
    'listUsers', 'inviteUser', 'suspendUser', 'reactivateUser', 'removeUser', 'setUserAdmin', 'resetTwoStep', 'removePasskeys', 'signOutUser', 'resendInvite',
    'getSettings', 'updateSettings', 'addDomain', 'verifyDomain', 'setConnection', 'testConnection',
    'listClients', 'createClient', 'rotateClientSecret', 'deleteClient', 'listAuditEvents', 'exportAuditEvents',
  ]));
});

test('without a token: 401 with a Bearer challenge; with a wrong one: invalid_token', async () => {
  const none = await api(app, undefined, 'GET', '/users');
  expect(none.status).toBe(401);
  expect(none.headers.get('www-authenticate')).toBe('Bearer realm="admin-api"');
  expect(none.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const wrong = await api(app, 'not-a-token-of-ours-at-all', 'GET', '/users');
  expect(wrong.status).toBe(401);
  expect(wrong.headers.get('www-authenticate')).toContain('error="invalid_token"');
  expect(wrong.problem.type).toBe('urn:gotoassist:admin-api:problem:invalid_token');
});

test("a token for userinfo (not for the API) is refused, even an administrator's", async () => {
  const { tokens } = await signIn(rp, new TestBrowser(), acme.admin);
  const response = await api(app, tokens.access_token, 'GET', '/users');
  expect(response.status).toBe(401);
  expect(response.problem.detail).toContain('not for this API');
});

test('a service client given the Admin API acts for its organization', async () => {
  const { token } = await serviceToken(app, acme.context);
  const response = await api<UserList>(app, token, 'GET', '/users');
  expect(response.status).toBe(200);
  expect(response.body.items.map((user) => user.email)).toEqual(['admin@acme.test', 'user@acme.test']);
  expect(response.body.items[0]).toMatchObject({ admin: true, status: 'ACTIVE', twoStepEnabled: false });
});

test('a client not given the Admin API gets no token for it', async () => {
  await expect(serviceToken(app, acme.context, { adminApi: false })).rejects.toMatchObject({ error: 'invalid_target' });
});

test('an administrator who signs in gets a token for their organization only', async () => {
  const token = await personToken(app, rp, globex.admin);
  const mine = await api<UserList>(app, token, 'GET', '/users');
  expect(mine.body.items.map((user) => user.email)).toEqual(['admin@globex.test', 'user@globex.test']);
  const theirs = await api(app, token, 'GET', `/users/${acme.user.id}`);
  expect(theirs.status).toBe(404);
  const suspend = await api(app, token, 'POST', `/users/${acme.user.id}/suspend`);
  expect(suspend.status).toBe(404);
  expect((await app.services.accountRepository.findById(acme.user.id))!.status).toBe('ACTIVE');
});

test('a user who is not an administrator gets nothing', async () => {
  const token = await personToken(app, rp, acme.user);
  const response = await api(app, token, 'GET', '/users');
  expect(response.status).toBe(403);
  expect(response.problem.type).toBe('urn:gotoassist:admin-api:problem:not_an_administrator');
});

test('an administrator who is demoted loses the API at once, with the token they hold', async () => {
  const second = await app.services.accounts.create({ email: 'second@acme.test', password: 'second admin password' });
  await app.services.organizations.addMember(acme.organization.id, second.email, true);
  const token = await personToken(app, rp, { id: second.id, email: second.email, password: 'second admin password' });
  expect((await api(app, token, 'GET', '/users')).status).toBe(200);
  await app.services.admin.members.setAdmin(acme.context, second.id, false);
  expect((await api(app, token, 'GET', '/users')).status).toBe(403);
  await app.services.admin.members.remove(acme.context, second.id);
});

test('a deleted service client, or a revoked token, stops at once', async () => {
  const service = await serviceToken(app, acme.context);
  expect((await api(app, service.token, 'GET', '/users')).status).toBe(200);
  await app.services.admin.clients.delete(acme.context, service.clientId);
  expect((await api(app, service.token, 'GET', '/users')).status).toBe(401);

  const other = await serviceToken(app, acme.context);
  await oidc.tokenRevocation(other.config, other.token);
  expect((await api(app, other.token, 'GET', '/users')).status).toBe(401);
});

test('unknown operations and wrong methods are problems too', async () => {
  const { token } = await serviceToken(app, acme.context);
  const missing = await api(app, token, 'GET', '/nothing-here');
  expect(missing.status).toBe(404);
  expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const wrongMethod = await api(app, token, 'PATCH', '/users');
  expect(wrongMethod.status).toBe(405);
  expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
});
