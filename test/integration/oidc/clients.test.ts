// Kinds of clients: public (PKCE required), confidential, first-party (no consent screen), third-party
// (consent screen), client_credentials, and Dynamic Client Registration when switched on.
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import {
  authorizationRequest, CALLBACK, discover, registerClient, signIn, signInThroughForms, toCallback,
} from '../../helpers/relying-party.js';

const user = { email: 'linus@example.com', password: 'penguins everywhere', name: 'Linus' };
const INITIAL_ACCESS_TOKEN = 'initial-access-token-for-tests-0123456789';

let app: TestApp;

beforeAll(async () => {
  app = await createTestApp({ env: { REGISTRATION_ENABLED: 'true', REGISTRATION_INITIAL_ACCESS_TOKEN: INITIAL_ACCESS_TOKEN } });
  await app.services.accounts.create(user);
});
afterAll(() => app.close());

test('a public client signs in with PKCE and no secret', async () => {
  const rp = await discover(app, await registerClient(app, { public: true, firstParty: true }));
  const { tokens } = await signIn(rp, new TestBrowser(), user);
  expect(tokens.claims()!.email).toBe(user.email);
});

test('a public client without PKCE is refused', async () => {
  const client = await registerClient(app, { public: true });
  const start = new URL(`${app.issuer}/auth`);
  start.search = new URLSearchParams({ client_id: client.clientId, response_type: 'code', scope: 'openid', redirect_uri: CALLBACK, state: 's' }).toString();
  const response = await fetch(start, { redirect: 'manual' });
  const location = new URL(response.headers.get('location')!);
  expect(location.toString().startsWith(CALLBACK)).toBe(true);
  expect(location.searchParams.get('error')).toBe('invalid_request');
  expect(location.searchParams.get('error_description')).toMatch(/PKCE/);
});

test('PKCE is checked: a wrong code_verifier does not get tokens', async () => {
  const rp = await discover(app, await registerClient(app, { firstParty: true }));
  const request = await authorizationRequest(rp);
  const outcome = await signInThroughForms(new TestBrowser(), request.url.toString(), user);
  await expect(oidc.authorizationCodeGrant(rp, new URL(outcome.stoppedAt!), {
    pkceCodeVerifier: oidc.randomPKCECodeVerifier(), expectedState: request.state, expectedNonce: request.nonce,
  })).rejects.toMatchObject({ error: 'invalid_grant' });
});

test('an authorization code works once', async () => {
  const rp = await discover(app, await registerClient(app, { firstParty: true }));
  const request = await authorizationRequest(rp);
  const outcome = await signInThroughForms(new TestBrowser(), request.url.toString(), user);
  const checks = { pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce };
  await oidc.authorizationCodeGrant(rp, new URL(outcome.stoppedAt!), checks);
  await expect(oidc.authorizationCodeGrant(rp, new URL(outcome.stoppedAt!), checks)).rejects.toMatchObject({ error: 'invalid_grant' });
});

test('a third-party client shows a consent screen; Allow continues and is remembered', async () => {
  const rp = await discover(app, await registerClient(app, { name: 'Partner Portal' }));
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const consent = await signInThroughForms(browser, request.url.toString(), user);
  expect(consent.stoppedAt).toBeUndefined();
  expect(consent.page.document.querySelector('h1')?.text).toBe('Allow Partner Portal?');
  expect(consent.page.body).toContain('See your email address');
  const allowed = await browser.submit(consent.page, 'form[action$="/consent"]', { decision: 'allow' }, { stopAt: toCallback });
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(allowed.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
  expect(tokens.claims()!.email).toBe(user.email);

  // The grant is remembered: the next request goes straight back.
  const again = await authorizationRequest(rp);
  expect((await browser.navigate(again.url.toString(), { stopAt: toCallback })).stoppedAt).toBeDefined();
});

test('Deny on the consent screen returns access_denied to the client', async () => {
  const rp = await discover(app, await registerClient(app));
  const browser = new TestBrowser();
  const consent = await signInThroughForms(browser, (await authorizationRequest(rp)).url.toString(), user);
  const denied = await browser.submit(consent.page, 'form[action$="/consent"]', { decision: 'deny' }, { stopAt: toCallback });
  expect(new URL(denied.stoppedAt!).searchParams.get('error')).toBe('access_denied');
});

test('first-party clients skip the consent screen, even with prompt=consent', async () => {
  const rp = await discover(app, await registerClient(app, { firstParty: true }));
  const { tokens } = await signIn(rp, new TestBrowser(), user, { scope: 'openid offline_access', prompt: 'consent' });
  expect(tokens.refresh_token).toBeDefined();
});

test('the seeded GoToAssist and Admin Center clients are first-party', async () => {
  for (const clientId of ['gotoassist', 'admin-center']) {
    const stored = await app.services.clientRepository.find(clientId);
    expect(stored?.firstParty).toBe(true);
    expect(stored?.metadata['redirect_uris']).toEqual(expect.arrayContaining([expect.stringMatching(/^http/)]));
  }
});

test('client_credentials issues an access token that introspects as the client', async () => {
  const client = await registerClient(app, { grants: ['client_credentials'] });
  const rp = await discover(app, client);
  const tokens = await oidc.clientCredentialsGrant(rp);
  expect(tokens.access_token).toBeDefined();
  const introspection = await oidc.tokenIntrospection(rp, tokens.access_token);
  expect(introspection).toMatchObject({ active: true, client_id: client.clientId });
  expect(introspection.sub).toBeUndefined();
});

test('a client without the client_credentials grant cannot use it', async () => {
  const rp = await discover(app, await registerClient(app));
  const error = await oidc.clientCredentialsGrant(rp).catch((caught: { error?: string }) => caught);
  // oidc-provider answers invalid_request ("grant type not allowed"); RFC 6749 also allows unauthorized_client.
  expect(['invalid_request', 'unauthorized_client']).toContain((error as { error?: string }).error);
});

test('client secrets are stored encrypted', async () => {
  const client = await registerClient(app);
  const rows = await app.services.storage.database.sql.query<{ secret_ciphertext: string }>(
    'SELECT secret_ciphertext FROM oauth_clients WHERE id = $1', [client.clientId]);
  expect(rows[0]!.secret_ciphertext).not.toContain(client.secret!);
  expect(rows[0]!.secret_ciphertext.startsWith('v1.')).toBe(true);
});

test('Dynamic Client Registration needs the initial access token, then registers a working client', async () => {
  const metadata = { redirect_uris: [CALLBACK], client_name: 'Registered App', first_party: undefined };
  const register = (token?: string, body: object = metadata) => fetch(`${app.issuer}/reg`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
  expect((await register()).status).toBe(401);
  expect((await register('wrong-token')).status).toBe(401);
  const sneaky = await register(INITIAL_ACCESS_TOKEN, { ...metadata, first_party: true });
  expect(sneaky.status).toBe(400);

  const response = await register(INITIAL_ACCESS_TOKEN);
  expect(response.status).toBe(201);
  const registered = (await response.json()) as { client_id: string; client_secret: string; registration_access_token?: string };
  expect(registered.client_secret).toBeDefined();
  expect(registered.registration_access_token).toBeUndefined();

  const rp = await discover(app, { clientId: registered.client_id, secret: registered.client_secret, redirectUri: CALLBACK });
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const consent = await signInThroughForms(browser, request.url.toString(), user);
  const allowed = await browser.submit(consent.page, 'form[action$="/consent"]', { decision: 'allow' }, { stopAt: toCallback });
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(allowed.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
  expect(tokens.claims()!.aud).toBe(registered.client_id);
});

test('Dynamic Client Registration is off by default', async () => {
  const plain = await createTestApp();
  try {
    const response = await fetch(`${plain.issuer}/reg`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ redirect_uris: [CALLBACK] }),
    });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    const discovery = (await (await fetch(`${plain.issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
    expect(discovery['registration_endpoint']).toBeUndefined();
  } finally {
    await plain.close();
  }
});
