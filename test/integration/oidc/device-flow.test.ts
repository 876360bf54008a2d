// The device authorization grant (RFC 8628) as a TV or a command line meets it, with openid-client as the
// device and a browser doing the user's side at ISSUER/device: enter the code, see which application on
// which device asks for what, Allow, sign in; the device's polling gets the tokens. Deny tells the device
// access_denied; a wrong code says so, and guessing is throttled per address.
import * as oidc from 'openid-client';

import { TestBrowser, type Page } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { toCallback } from '../../helpers/relying-party.js';
import { DEVICE_CODE_GRANT } from '../../../src/clients/client-registry.js';

const user = { email: 'tv.owner@example.com', password: 'the remote is lost again' };
let app: TestApp;
let device: oidc.Configuration;

beforeAll(async () => {
  app = await createTestApp();
  await app.services.accounts.create(user);
  await app.services.clients.create({
    clientId: 'living-room-tv', name: 'Living Room TV', redirectUris: [], grantTypes: [DEVICE_CODE_GRANT, 'refresh_token'],
  });
  device = await oidc.discovery(new URL(app.issuer), 'living-room-tv', { token_endpoint_auth_method: 'none' }, oidc.None(), {
    execute: [oidc.allowInsecureRequests],
  });
});
afterAll(() => app.close());

const submitCode = (browser: TestBrowser, page: Page, code: string) =>
  browser.submit(page, 'form[action="/device"]', { user_code: code }, { stopAt: toCallback });

test('discovery lists the device authorization endpoint and the grant', () => {
  const metadata = device.serverMetadata();
  expect(metadata.device_authorization_endpoint).toBe(`${app.issuer}/device/auth`);
  expect(metadata.grant_types_supported).toContain(DEVICE_CODE_GRANT);
});

test('a device shows a code; the user enters it, checks the request, allows it and signs in; the device gets its tokens', async () => {
  const started = await oidc.initiateDeviceAuthorization(device, { scope: 'openid email offline_access' });
  expect(started.verification_uri).toBe(`${app.issuer}/device`);
  expect(started.user_code).toMatch(/^[BCDFGHJKLMNPQRSTVWXZ]{4}-[BCDFGHJKLMNPQRSTVWXZ]{4}$/);
  const polling = oidc.pollDeviceAuthorizationGrant(device, started);

  const browser = new TestBrowser();
  const input = (await browser.navigate(started.verification_uri)).page;
  expect(input.document.querySelector('h1')?.text).toBe('Connect a device');
  expect(input.headers.get('content-security-policy')).toContain("script-src 'self'");
  // Typed as people type it: lower case, without the dash.
  const confirm = (await submitCode(browser, input, started.user_code.replace('-', '').toLowerCase())).page;
  expect(confirm.document.querySelector('h1')?.text).toBe('Allow Living Room TV?');
  expect(confirm.document.querySelector('.user-code code')?.text).toBe(started.user_code);
  expect(confirm.document.querySelectorAll('ul.permissions li').map((item) => item.text)).toEqual([
    'Know who you are when you sign in', 'See your email address', 'Stay connected when you are not using it',
  ]);

  const signInPage = (await browser.submit(confirm, 'form:has(input[name="confirm"])', {}, { stopAt: toCallback })).page;
  const passwordPage = (await browser.submit(signInPage, 'form[action$="/login/identifier"]', { email: user.email })).page;
  const consent = (await browser.submit(passwordPage, 'form[action$="/login/password"]', { password: user.password })).page;
  expect(consent.document.querySelector('h1')?.text).toBe('Allow Living Room TV?');
  const done = (await browser.submit(consent, 'form[action$="/consent"]', { decision: 'allow' })).page;
  expect(done.document.querySelector('h1')?.text).toBe('Device connected');

  const tokens = await polling;
  const account = await app.services.accountRepository.findByEmail(user.email);
  expect(tokens.claims()).toMatchObject({ sub: account!.id, email: user.email, aud: 'living-room-tv' });
  expect(tokens.refresh_token).toEqual(expect.any(String));
  // The refresh token goes on working for the device.
  const refreshed = await oidc.refreshTokenGrant(device, tokens.refresh_token!);
  expect(refreshed.access_token).toEqual(expect.any(String));
}, 30_000);

test('Deny tells the polling device access_denied, and the code is spent', async () => {
  const started = await oidc.initiateDeviceAuthorization(device, { scope: 'openid' });
  const polling = oidc.pollDeviceAuthorizationGrant(device, started).then(() => 'granted', (error: unknown) => (error as { error?: string }).error);
  const browser = new TestBrowser();
  // The link with the code in it: oidc-provider's page posts it on (a script; without one, its Continue button).
  const carried = (await browser.navigate(started.verification_uri_complete!)).page;
  expect(carried.document.querySelector('input[name="user_code"]')?.getAttribute('value')).toBe(started.user_code);
  const confirm = (await browser.submit(carried, 'form')).page;
  const denied = (await browser.submit(confirm, 'form:has(input[name="abort"])')).page;
  expect(denied.document.querySelector('#code-error')?.text).toContain('Denied');
  expect(await polling).toBe('access_denied');

  const again = (await submitCode(browser, (await browser.navigate(started.verification_uri)).page, started.user_code)).page;
  expect(again.status).toBe(400);
  expect(again.document.querySelector('#code-error')?.text).toBe('That code was used already. Start again on your device to get a new one.');
}, 30_000);

test('a wrong code says so; an address that keeps guessing is held back before any code is looked up', async () => {
  const browser = new TestBrowser();
  let page = (await browser.navigate(`${app.issuer}/device`)).page;
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const outcome = await submitCode(browser, page, 'BCDF-GHJK');
    expect(outcome.page.status).toBe(400);
    expect(outcome.page.document.querySelector('#code-error')?.text).toBe('That code is not right. Check it on your device and try again.');
    page = outcome.page;
  }
  const held = await submitCode(browser, page, 'BCDF-GHJK');
  expect(held.page.status).toBe(429);
  expect(held.page.headers.get('retry-after')).toMatch(/^\d+$/);
  expect(held.page.document.querySelector('#code-error')?.text).toMatch(/^Too many wrong codes from here\. Wait \d+ seconds?, then try again\.$/);
});

test('a client without the grant cannot start one', async () => {
  await app.services.clients.create({ clientId: 'plain-web-app', secret: 'w'.repeat(40), redirectUris: ['http://127.0.0.1:9/cb'] });
  const web = await oidc.discovery(new URL(app.issuer), 'plain-web-app', 'w'.repeat(40), undefined, { execute: [oidc.allowInsecureRequests] });
  await expect(oidc.initiateDeviceAuthorization(web, { scope: 'openid' })).rejects.toMatchObject({
    error: 'invalid_request', error_description: `${DEVICE_CODE_GRANT} is not allowed for this client`,
  });
});
