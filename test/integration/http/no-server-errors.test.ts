// Inputs that used to reach PostgreSQL or a throwing parse and answer 500: control characters in any field,
// over-long query values, a body that is not the encoding it claims; and a forged Host header, which must
// not change a URL the server publishes.
import { request } from 'node:http';
import { gzipSync } from 'node:zlib';

import { TestBrowser, type Page } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, CALLBACK, discover, registerClient, toCallback, type TestClient } from '../../helpers/relying-party.js';
import { api, createOrganization, serviceToken, type TestOrganization } from '../admin/admin-helpers.js';

let app: TestApp;
let client: TestClient;
let acme: TestOrganization;

beforeAll(async () => {
  app = await createTestApp();
  client = await registerClient(app, { grants: ['authorization_code', 'client_credentials'] });
  acme = await createOrganization(app, 'Acme', 'acme.test');
});
afterAll(() => app.close());

const url = (path: string) => `${app.issuer}${path}`;

async function identifierPage(browser: TestBrowser): Promise<Page> {
  const { url: start } = await authorizationRequest(await discover(app, client));
  return (await browser.navigate(start.toString(), { stopAt: toCallback })).page;
}

function formPost(browser: TestBrowser, page: Page, selector: string, body: string | Buffer, headers: Record<string, string> = {}) {
  const action = new URL(page.document.querySelector(selector)!.getAttribute('action')!, page.url);
  return browser.request(action.toString(), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.issuer, ...headers }, body,
  });
}

const csrfOf = (page: Page) => page.document.querySelector('input[name="_csrf"]')!.getAttribute('value')!;

test('a NUL or other control character in a sign-in form is a 400 page, not a 500', async () => {
  const browser = new TestBrowser();
  const page = await identifierPage(browser);
  for (const email of ['ada%00@example.com', 'ada%1B@example.com', 'ada%7F@example.com']) {
    const response = await formPost(browser, page, 'form[action$="/login/identifier"]', `_csrf=${csrfOf(page)}&email=${email}`);
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('characters that are not allowed');
  }
  // Line breaks and tabs are text (multi-line fields); the email form says what is wrong with it.
  const tab = await formPost(browser, page, 'form[action$="/login/identifier"]', `_csrf=${csrfOf(page)}&email=ada%09@example.com`);
  expect(tab.status).toBeLessThan(500);
});

test('forgot-password and query strings with NUL are refused with 400', async () => {
  const browser = new TestBrowser();
  const forgot = await browser.request(url('/password/forgot?email=a%00b@example.com'));
  expect(forgot.status).toBe(400);
  const search = await browser.request(url('/admin/users?search=%00'));
  expect(search.status).toBe(400);
  const path = await browser.request(url('/admin/users/%00'));
  expect(path.status).toBe(400);
});

test('oidc-provider endpoints: a client_id or token with NUL is unknown, not a server error', async () => {
  const authorize = await fetch(url(`/auth?client_id=a%00b&response_type=code&scope=openid&redirect_uri=${encodeURIComponent(CALLBACK)}`),
    { redirect: 'manual' });
  expect(authorize.status).toBe(400);
  expect(await authorize.text()).toContain('invalid_client');

  const token = await fetch(url('/token'), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=a%00b&client_secret=x',
  });
  expect(token.status).toBe(401);
  expect(await token.json()).toMatchObject({ error: 'invalid_client' });

  const basic = `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`;
  const introspection = await fetch(url('/token/introspection'), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic }, body: 'token=a%00b',
  });
  expect(introspection.status).toBe(200);
  expect(await introspection.json()).toEqual({ active: false });
});

test('a form body that is not the gzip it claims to be is a 400; real gzip is read', async () => {
  const browser = new TestBrowser();
  const page = await identifierPage(browser);
  const notGzip = await formPost(browser, page, 'form[action$="/login/identifier"]', `_csrf=${csrfOf(page)}&email=a@example.com`,
    { 'content-encoding': 'gzip' });
  expect(notGzip.status).toBe(400);
  const gzip = await formPost(browser, page, 'form[action$="/login/identifier"]', gzipSync(`_csrf=${csrfOf(page)}&email=a@example.com`),
    { 'content-encoding': 'gzip' });
  expect(gzip.status).toBeLessThan(400);
});

test('the Admin Center: a search longer than the limit is a 400 page, not a 500', async () => {
  const browser = new TestBrowser();
  const first = await browser.navigate(url('/admin/users'));
  const page2 = await browser.submit(first.page, 'form[action$="/login/identifier"]', { email: acme.admin.email });
  const users = await browser.submit(page2.page, 'form[action$="/login/password"]', { password: acme.admin.password });
  expect(users.page.url).toBe(url('/admin/users'));
  const long = await browser.request(url(`/admin/users?search=${'a'.repeat(101)}`));
  expect(long.status).toBe(400);
  expect((await browser.request(url(`/admin/users?search=${'a'.repeat(100)}`))).status).toBe(200);
});

test('the Admin API: NUL in a query or a JSON body is a 400 problem', async () => {
  const { token } = await serviceToken(app, acme.context);
  const search = await api(app, token, 'GET', '/users?search=%00');
  expect(search.status).toBe(400);
  expect(search.headers.get('content-type')).toMatch(/problem\+json/);
  const invite = await api(app, token, 'POST', '/users', { email: 'new\u0000@acme.test' });
  expect(invite.status).toBe(400);
  expect(invite.headers.get('content-type')).toMatch(/problem\+json/);
  const gzip = await api(app, token, 'POST', '/users', '{"email":"x@acme.test"}', { 'content-encoding': 'gzip' });
  expect(gzip.status).toBe(400);
});

/** A GET with the Host header of our choosing (fetch does not let a caller set it). */
function getWithHost(path: string, headers: Record<string, string>): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const target = new URL(url(path));
  return new Promise((resolve, reject) => {
    const req = request({ host: target.hostname, port: target.port, path, headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('a forged Host or X-Forwarded-Host does not change discovery, and discovery and JWKS may be cached', async () => {
  const forgeries: Record<string, string>[] = [{ host: 'evil.example' }, { 'x-forwarded-host': 'evil.example' }];
  for (const headers of forgeries) {
    const discovery = await getWithHost('/.well-known/openid-configuration', headers);
    expect(discovery.status).toBe(200);
    expect(discovery.body).not.toContain('evil.example');
    const metadata = JSON.parse(discovery.body) as Record<string, unknown>;
    expect(metadata['token_endpoint']).toBe(url('/token'));
    expect(metadata['jwks_uri']).toBe(url('/jwks'));
    expect(discovery.headers['cache-control']).toBe('public, max-age=300');
    // A redirect to our pages is built from the issuer too.
    const { url: start } = await authorizationRequest(await discover(app, client));
    const authorize = await getWithHost(start.pathname + start.search, headers);
    expect(String(authorize.headers['location'] ?? '')).not.toContain('evil.example');
  }
  expect((await fetch(url('/jwks'))).headers.get('cache-control')).toBe('public, max-age=300');
});
