// Malformed and hostile requests get an OAuth error or a clear 4xx page: never a 500, never a crash.
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, CALLBACK, discover, registerClient, toCallback, type TestClient } from '../../helpers/relying-party.js';

let app: TestApp;
let client: TestClient;
let rp: oidc.Configuration;

beforeAll(async () => {
  app = await createTestApp();
  client = await registerClient(app);
  rp = await discover(app, client);
});
afterAll(() => app.close());

const url = (path: string) => `${app.issuer}${path}`;

async function interactionPage(browser: TestBrowser) {
  const { url: start } = await authorizationRequest(rp);
  const { page } = await browser.navigate(start.toString(), { stopAt: toCallback });
  return page;
}

test('an unknown client gets an error page, not a redirect', async () => {
  const response = await fetch(url(`/auth?client_id=nobody&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(CALLBACK)}`),
    { redirect: 'manual' });
  expect(response.status).toBe(400);
  expect(response.headers.get('content-type')).toMatch(/html/);
  const page = await response.text();
  // A plain sentence for the person, the exact OAuth error for the application's developers.
  expect(page).toContain('The application that sent you here is not known to this sign-in service.');
  expect(page).toMatch(/<summary>For the application's developers<\/summary>\s*<p><code>invalid_client<\/code>: client is invalid<\/p>/);
});

test('a redirect_uri the client did not register is refused on a page, never redirected to', async () => {
  const { url: start } = await authorizationRequest(rp, { redirect_uri: 'https://evil.example/steal' });
  const response = await fetch(start, { redirect: 'manual' });
  expect(response.status).toBe(400);
  expect(response.headers.get('location')).toBeNull();
  expect(await response.text()).toContain('redirect_uri');
});

test('the token endpoint answers bad requests with OAuth errors', async () => {
  const basic = `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`;
  const post = (body: string, contentType = 'application/x-www-form-urlencoded', auth = basic) => fetch(url('/token'), {
    method: 'POST', headers: { 'content-type': contentType, authorization: auth }, body,
  });
  const invalidJson = await post('{not json', 'application/json');
  expect(invalidJson.status).toBe(400);
  expect((await invalidJson.json() as { error: string }).error).toBe('invalid_request');

  const unknownGrant = await post('grant_type=password&username=a&password=b');
  expect(unknownGrant.status).toBe(400);
  expect((await unknownGrant.json() as { error: string }).error).toBe('unsupported_grant_type');

  const badCode = await post(`grant_type=authorization_code&code=nonsense&redirect_uri=${encodeURIComponent(CALLBACK)}&code_verifier=${'a'.repeat(43)}`);
  expect(badCode.status).toBe(400);
  expect((await badCode.json() as { error: string }).error).toBe('invalid_grant');

  const wrongSecret = await post('grant_type=client_credentials', undefined,
    `Basic ${Buffer.from(`${client.clientId}:wrong`).toString('base64')}`);
  expect(wrongSecret.status).toBe(401);
  expect((await wrongSecret.json() as { error: string }).error).toBe('invalid_client');

  const huge = await post(`grant_type=authorization_code&code=${'x'.repeat(2_000_000)}`);
  expect(huge.status).toBeGreaterThanOrEqual(400);
  expect(huge.status).toBeLessThan(500);
});

test('an unknown or expired interaction id gets a clear 400 page', async () => {
  const browser = new TestBrowser();
  const response = await browser.request(url('/interaction/does-not-exist'));
  expect(response.status).toBe(400);
  expect(await response.text()).toContain('has expired or was opened in another browser');

  // An interaction of this browser, with the id of another one.
  await interactionPage(browser);
  const mismatch = await browser.request(url('/interaction/another-id/login/password'));
  expect(mismatch.status).toBe(400);
});

test('garbage cookies are ignored, not fatal', async () => {
  const { url: start } = await authorizationRequest(rp);
  const response = await fetch(start, {
    redirect: 'manual',
    headers: { cookie: '_session=garbage; _session.sig=alsogarbage; _interaction=%%%; csrf=x; csrf.sig=y; =;;;' },
  });
  expect(response.status).toBe(303);
  expect(response.headers.get('location')).toMatch(/\/interaction\//);

  const page = await fetch(url('/healthz'), { headers: { cookie: '\u00ff\u0000bad' } }).catch(() => undefined);
  expect(page === undefined || page.status < 500).toBe(true);
});

test('forms refuse oversized bodies with 413 and wrongly typed fields with a 4xx page', async () => {
  const browser = new TestBrowser();
  const page = await interactionPage(browser);
  const action = new URL(page.document.querySelector('form[action$="/login/identifier"]')!.getAttribute('action')!, page.url);
  const csrf = page.document.querySelector('input[name="_csrf"]')!.getAttribute('value')!;
  const post = (body: string, contentType = 'application/x-www-form-urlencoded') => browser.request(action.toString(), {
    method: 'POST', headers: { 'content-type': contentType, origin: app.issuer }, body,
  });

  expect((await post(`_csrf=${csrf}&email=${'a'.repeat(100_000)}`)).status).toBe(413);
  const arrays = await post(`_csrf=${csrf}&email[]=a@example.com&email[]=b@example.com`);
  expect(arrays.status).toBe(400);
  expect(await arrays.text()).toContain('Enter your email address');
  const nested = await post(`_csrf=${csrf}&email[a][b]=c`);
  expect(nested.status).toBe(400);
  const json = await post(JSON.stringify({ _csrf: csrf, email: 'a@example.com' }), 'application/json');
  expect(json.status).toBe(403);
  const badEncoding = await post(`_csrf=${csrf}&email=%E0%A4%A`);
  expect(badEncoding.status).toBeLessThan(500);
});

test('malformed paths and methods get 4xx', async () => {
  const responses = await Promise.all([
    fetch(url('/interaction/%E0%A4%A')),
    fetch(url('/no/such/page')),
    fetch(url('/interaction/abc/login/password'), { method: 'PUT' }),
    fetch(url('/static/../package.json')),
    fetch(url('/static/%2e%2e/package.json')),
    fetch(url('/auth'), { method: 'DELETE' }),
  ]);
  for (const response of responses) {
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
  }
});

test('an error page asked for as JSON is JSON', async () => {
  const response = await fetch(url('/no/such/page'), { headers: { accept: 'application/json' } });
  expect(response.status).toBe(404);
  expect(await response.json()).toEqual({ error: 'not_found', error_description: 'There is nothing at this address.' });
});

test('the server still answers after all of this', async () => {
  const response = await fetch(url('/readyz'));
  expect(response.status).toBe(200);
});
