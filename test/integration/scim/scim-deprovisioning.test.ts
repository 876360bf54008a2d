// Deprovisioning as a company expects it: two instances of the server on one PostgreSQL and one Redis; the
// identity provider deactivates an employee on one, and on the other, at once, the employee's live session
// signs nothing in and their refresh token is refused. Reactivation gives sign-in back without a new
// invitation; DELETE ends access the same way.
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { freePort } from '../../helpers/free-port.js';
import { authorizationRequest, CALLBACK, discover, signIn, toCallback } from '../../helpers/relying-party.js';
import { createExternalStorage, type ExternalStorage } from '../../helpers/test-storage.js';
import { testSecrets } from '../../helpers/test-secrets.js';
import { organizationWithToken, PATCH_OP, type Scim } from './scim-helpers.js';

const client = { clientId: 'support-console', secret: 's'.repeat(40), redirectUri: CALLBACK };
let storage: ExternalStorage;
let first: TestApp;
let second: TestApp;
let scim: Scim;
let rp: oidc.Configuration;

beforeAll(async () => {
  storage = await createExternalStorage();
  const [firstPort, secondPort] = [await freePort(), await freePort()];
  const issuer = `http://127.0.0.1:${firstPort}`;
  const secrets = testSecrets();
  first = await createTestApp({ external: storage, port: firstPort, env: secrets });
  // The same issuer and secrets: the second instance is another server behind the same name (its Host is pinned to it).
  second = await createTestApp({ external: storage, port: secondPort, env: { ...secrets, ISSUER: issuer } });
  scim = (await organizationWithToken(first, 'Contoso', 'contoso.test')).scim;
  await first.services.clients.create({
    clientId: client.clientId, secret: client.secret, redirectUris: [CALLBACK], grantTypes: ['authorization_code', 'refresh_token'], firstParty: true,
  });
  rp = await discover(first, client);
}, 60_000);
afterAll(async () => {
  await second?.close();
  await first?.close();
  await storage?.drop();
});

/** An employee already signed in: a browser session and a refresh token. */
async function signedInEmployee(email: string) {
  const password = `${email} password`;
  const account = await first.services.accounts.create({ email, password });
  const contoso = (await first.services.organizationRepository.findByVerifiedDomain('contoso.test'))!;
  await first.services.organizationRepository.addMember(contoso.id, account.id, false);
  const browser = new TestBrowser();
  const { tokens } = await signIn(rp, browser, { email, password }, { scope: 'openid email offline_access', prompt: 'consent' });
  expect(tokens.refresh_token).toBeDefined();
  return { id: account.id, browser, refreshToken: tokens.refresh_token!, password };
}

/** On the second instance: a silent sign-in with the browser's session. */
async function silentSignIn(browser: TestBrowser): Promise<string | null> {
  const request = await authorizationRequest(rp, { prompt: 'none' });
  const url = new URL(request.url);
  const onSecond = `${second.issuer}${url.pathname}${url.search}`;
  const outcome = await browser.navigate(onSecond, { stopAt: toCallback });
  const callback = new URL(outcome.stoppedAt!);
  return callback.searchParams.get('code') ? 'signed in' : callback.searchParams.get('error');
}

/** On the second instance: a refresh token grant. */
async function refreshOnSecond(refreshToken: string): Promise<number> {
  const response = await fetch(`${second.issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}` },
    body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: refreshToken }),
  });
  await response.arrayBuffer();
  return response.status;
}

test('active false on one instance ends the session and the refresh token on the other at once', async () => {
  const employee = await signedInEmployee('ivy.park@contoso.test');
  expect(await silentSignIn(employee.browser)).toBe('signed in');

  // The identity provider finds the employee and takes them over, then deactivates them.
  const found = await scim('GET', `/Users?filter=${encodeURIComponent('userName eq "ivy.park@contoso.test"')}`);
  expect(found.body['Resources'][0]).toMatchObject({ id: employee.id, active: true });
  const off = await scim('PATCH', `/Users/${employee.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'Replace', path: 'active', value: 'False' }] });
  expect(off.status).toBe(200);

  expect(await silentSignIn(employee.browser)).toBe('login_required');
  expect(await refreshOnSecond(employee.refreshToken)).toBe(400);
  // Nor can they sign in again with their password.
  await expect(signIn(rp, new TestBrowser(), { email: 'ivy.park@contoso.test', password: employee.password })).rejects.toThrow(/did not return to the client/);

  // Reactivated: they sign in as before, with the password they had, no new invitation.
  const on = await scim('PATCH', `/Users/${employee.id}`, { schemas: [PATCH_OP], Operations: [{ op: 'replace', value: { active: true } }] });
  expect(on.body['active']).toBe(true);
  const { tokens } = await signIn(rp, new TestBrowser(), { email: 'ivy.park@contoso.test', password: employee.password });
  expect(tokens.claims()!.sub).toBe(employee.id);
}, 60_000);

test('DELETE on one instance ends access on the other at once', async () => {
  const employee = await signedInEmployee('jon.snow@contoso.test');
  expect((await scim('DELETE', `/Users/${employee.id}`)).status).toBe(204);
  expect(await silentSignIn(employee.browser)).toBe('login_required');
  expect(await refreshOnSecond(employee.refreshToken)).toBe(400);
  expect(await second.services.accountRepository.findById(employee.id)).toBeUndefined();
}, 60_000);
