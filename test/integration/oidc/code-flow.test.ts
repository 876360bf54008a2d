// The full authorization-code + PKCE flow with openid-client as the relying party, through the HTML forms.
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { AFTER_LOGOUT, discover, registerClient, signIn, toCallback, type TestClient } from '../../helpers/relying-party.js';

const user = { email: 'ada@example.com', password: 'correct horse battery staple', name: 'Ada Lovelace' };

let app: TestApp;
let client: TestClient;
let rp: oidc.Configuration;

beforeAll(async () => {
  app = await createTestApp();
  await app.services.accounts.create(user);
  client = await registerClient(app, { firstParty: true });
  rp = await discover(app, client);
});
afterAll(() => app.close());

test('discovery describes the provider', () => {
  const metadata = rp.serverMetadata();
  expect(metadata.issuer).toBe(app.issuer);
  expect(metadata.code_challenge_methods_supported).toEqual(['S256']);
  expect(metadata.scopes_supported).toEqual(expect.arrayContaining(['openid', 'profile', 'email', 'offline_access']));
  expect(metadata.grant_types_supported).toEqual(expect.arrayContaining(['authorization_code', 'refresh_token', 'client_credentials']));
  for (const endpoint of ['introspection_endpoint', 'revocation_endpoint', 'end_session_endpoint', 'userinfo_endpoint', 'jwks_uri']) {
    expect(metadata[endpoint]).toMatch(new RegExp(`^${app.issuer}/`));
  }
});

test('the JWKS publishes an RS256 and an ES256 key, public parts only', async () => {
  const jwks = (await (await fetch(`${app.issuer}/jwks`)).json()) as { keys: Record<string, string>[] };
  expect(jwks.keys.map((key) => key.alg).sort()).toEqual(['ES256', 'RS256']);
  for (const key of jwks.keys) {
    expect(key).not.toHaveProperty('d');
    expect(key['use']).toBe('sig');
  }
});

test('signs in through the forms and receives a valid ID token with the user claims', async () => {
  const { tokens } = await signIn(rp, new TestBrowser(), user);
  const claims = tokens.claims()!;
  expect(claims.iss).toBe(app.issuer);
  expect(claims.aud).toBe(client.clientId);
  expect(claims.email).toBe(user.email);
  expect(claims.email_verified).toBe(true);
  expect(claims.name).toBe(user.name);
  expect(claims.amr).toEqual(['pwd']);
  expect(claims.acr).toBe('urn:gotoassist:loa:1fa');
  expect(tokens.token_type.toLowerCase()).toBe('bearer');
});

test('userinfo returns the claims of the granted scopes', async () => {
  const { tokens } = await signIn(rp, new TestBrowser(), user);
  const sub = tokens.claims()!.sub;
  const info = await oidc.fetchUserInfo(rp, tokens.access_token, sub);
  expect(info).toMatchObject({ sub, email: user.email, email_verified: true, name: user.name });

  const { tokens: emailOnly } = await signIn(rp, new TestBrowser(), user, { scope: 'openid email' });
  const limited = await oidc.fetchUserInfo(rp, emailOnly.access_token, sub);
  expect(limited.email).toBe(user.email);
  expect(limited).not.toHaveProperty('name');
});

test('refresh tokens rotate: the new one works; replaying a used one revokes the whole family', async () => {
  const { tokens } = await signIn(rp, new TestBrowser(), user, { scope: 'openid email offline_access', prompt: 'consent' });
  expect(tokens.refresh_token).toBeDefined();
  const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
  expect(refreshed.access_token).not.toBe(tokens.access_token);
  expect(refreshed.refresh_token).toBeDefined();
  expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
  expect(refreshed.claims()!.sub).toBe(tokens.claims()!.sub);

  const again = await oidc.refreshTokenGrant(rp, refreshed.refresh_token!);
  expect(again.access_token).toBeDefined();

  // RFC 9700 4.14.2: a used refresh token coming back means it leaked; everything from that grant ends.
  await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  await expect(oidc.refreshTokenGrant(rp, again.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  expect((await oidc.tokenIntrospection(rp, again.access_token)).active).toBe(false);
  await expect(oidc.fetchUserInfo(rp, again.access_token, oidc.skipSubjectCheck)).rejects.toBeDefined();
});

test('without offline_access no refresh token is issued', async () => {
  const { tokens } = await signIn(rp, new TestBrowser(), user);
  expect(tokens.refresh_token).toBeUndefined();
});

test('introspection says a live token is active with its subject, and revocation ends it', async () => {
  const { tokens } = await signIn(rp, new TestBrowser(), user);
  const active = await oidc.tokenIntrospection(rp, tokens.access_token);
  expect(active).toMatchObject({ active: true, client_id: client.clientId, sub: tokens.claims()!.sub, token_type: 'Bearer' });
  expect(active.scope?.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));

  await oidc.tokenRevocation(rp, tokens.access_token);
  expect((await oidc.tokenIntrospection(rp, tokens.access_token)).active).toBe(false);
  await expect(oidc.fetchUserInfo(rp, tokens.access_token, oidc.skipSubjectCheck)).rejects.toBeDefined();
});

test('a second authorization in the same browser needs no password (single sign-on)', async () => {
  const browser = new TestBrowser();
  await signIn(rp, browser, user);
  const { tokens } = await signIn(rp, browser, { ...user, password: 'not used: the session answers' });
  expect(tokens.claims()!.email).toBe(user.email);
});

test("RP-initiated logout from one of our own apps, with the session's ID token, signs out at once and returns to it", async () => {
  const browser = new TestBrowser();
  const { tokens } = await signIn(rp, browser, user);
  const logoutUrl = oidc.buildEndSessionUrl(rp, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: AFTER_LOGOUT, state: 'bye' });
  const page = (await browser.navigate(logoutUrl.toString(), { stopAt: toCallback })).page;
  expect(page.status).toBe(200);
  expect(page.document.querySelector('h1')?.text).toBe('Signing you out…');
  // The page sends oidc-provider's form at once (a script), with the answer already in it.
  expect(page.document.querySelector('script[data-form="op.logoutForm"]')?.getAttribute('src')).toBe('/static/auto-submit.js');
  expect(page.document.querySelector('input[name="logout"][form="op.logoutForm"]')?.getAttribute('value')).toBe('yes');
  const done = await browser.submit(page, 'form#op\\.logoutForm', { logout: 'yes' }, { stopAt: toCallback });
  expect(done.stoppedAt).toBe(`${AFTER_LOGOUT}?state=bye`);

  // The session is gone: the next authorization asks for the email again.
  const { url } = await import('../../helpers/relying-party.js').then((m) => m.authorizationRequest(rp));
  const next = await browser.navigate(url.toString(), { stopAt: toCallback });
  expect(next.stoppedAt).toBeUndefined();
  expect(next.page.document.querySelector('input[name="email"]')).not.toBeNull();
});

test('a sign-out request without that proof asks first, and "Sign out" is the first button and the default', async () => {
  const browser = new TestBrowser();
  await signIn(rp, browser, user);
  const logoutUrl = oidc.buildEndSessionUrl(rp, { client_id: client.clientId, post_logout_redirect_uri: AFTER_LOGOUT });
  const confirm = (await browser.navigate(logoutUrl.toString(), { stopAt: toCallback })).page;
  expect(confirm.document.querySelector('h1')?.text).toBe('Sign out?');
  expect(confirm.document.querySelector('script[data-form]')).toBeNull();
  const buttons = confirm.document.querySelectorAll('.button-row button');
  expect(buttons.map((button) => button.text)).toEqual(['Sign out', 'Stay signed in']);
  expect(buttons[0]!.hasAttribute('autofocus')).toBe(true);
  const stay = await browser.submit(confirm, 'form#op\\.logoutForm', {}, { stopAt: toCallback });
  expect(stay.stoppedAt).toBe(AFTER_LOGOUT);
  const { url } = await import('../../helpers/relying-party.js').then((m) => m.authorizationRequest(rp));
  expect((await browser.navigate(url.toString(), { stopAt: toCallback })).stoppedAt).toBeDefined();
});
