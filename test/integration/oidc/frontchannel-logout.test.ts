// Front-channel logout (OIDC Front-Channel Logout 1.0), as relying parties see it: discovery says it is
// supported; a client registers frontchannel_logout_uri (our CLI/Admin paths, or Dynamic Client
// Registration) at the origin of one of its redirect URIs; its ID tokens carry the sid when it asked for
// the session; and the browser that signs out is given a page that loads, in hidden iframes, each
// application's URI with iss and that application's sid, then goes on to the post-logout URI. (That
// Chromium really loads them and goes on is test/e2e/frontchannel-logout.test.ts.)
import * as oidc from 'openid-client';

import { TestBrowser, type Page } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { AFTER_LOGOUT, authorizationRequest, CALLBACK, discover, signIn, toCallback } from '../../helpers/relying-party.js';

const INITIAL_ACCESS_TOKEN = 'initial-access-token-for-frontchannel-tests';
const user = { email: 'front.channel@example.com', password: 'every frame loads' };
const FRONT = 'http://127.0.0.2:9/frontchannel-logout';

let app: TestApp;
const rps = new Map<string, oidc.Configuration>();

beforeAll(async () => {
  app = await createTestApp({ env: { REGISTRATION_ENABLED: 'true', REGISTRATION_INITIAL_ACCESS_TOKEN: INITIAL_ACCESS_TOKEN } });
  await app.services.accounts.create(user);
  for (const name of ['notes', 'wiki', 'quiet']) {
    const secret = `${name}-secret`.padEnd(40, 'x');
    await app.services.clients.create({
      clientId: name, secret, name: `The ${name}`, redirectUris: [CALLBACK], postLogoutRedirectUris: [AFTER_LOGOUT], firstParty: true,
      ...(name === 'quiet' ? {} : { frontchannelLogoutUri: `${FRONT}?app=${name}` }),
    });
    rps.set(name, await discover(app, { clientId: name, secret, redirectUri: CALLBACK }));
  }
  // Registered by itself: it did not ask for the session, so its page is loaded without iss and sid.
  const registered = await register({ redirect_uris: [CALLBACK], client_name: 'Registered', frontchannel_logout_uri: `${FRONT}?app=registered` });
  expect(registered.status).toBe(201);
  const { client_id: clientId, client_secret: secret } = await registered.json() as { client_id: string; client_secret: string };
  rps.set('registered', await discover(app, { clientId, secret, redirectUri: CALLBACK }));
});
afterAll(() => app?.close());

function register(metadata: Record<string, unknown>): Promise<Response> {
  return fetch(`${app.issuer}/reg`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${INITIAL_ACCESS_TOKEN}` },
    body: JSON.stringify(metadata),
  });
}

/** One browser signed in to every application; the sid in each one's ID token (undefined if none). */
async function signedInEverywhere() {
  const browser = new TestBrowser();
  const sids = new Map<string, string | undefined>();
  const idTokens = new Map<string, string>();
  // The third-party one first: its consent page comes after the sign-in forms (the helper's order).
  for (const [name, rp] of [...rps].sort(([a], [b]) => Number(b === 'registered') - Number(a === 'registered'))) {
    const { tokens } = await signIn(rp, browser, { ...user, consent: name === 'registered' });
    const sid = tokens.claims()!['sid'];
    sids.set(name, typeof sid === 'string' ? sid : undefined);
    idTokens.set(name, tokens.id_token!);
  }
  return { browser, sids, idTokens };
}

/** The frames of a page: app name → the URL loaded. */
function framesOf(page: Page): Map<string, URL> {
  const frames = [...page.document.querySelectorAll('iframe.logout-frame')].map((frame) => new URL(frame.getAttribute('src')!));
  return new Map(frames.map((url) => [url.searchParams.get('app')!, url]));
}

async function logOutFrom(name: string, browser: TestBrowser, idToken: string, fields: Record<string, string>) {
  const url = oidc.buildEndSessionUrl(rps.get(name)!, { id_token_hint: idToken, post_logout_redirect_uri: AFTER_LOGOUT, state: 'after-logout' });
  const confirm = await browser.navigate(url.toString(), { stopAt: toCallback });
  return browser.submit(confirm.page, 'form#op\\.logoutForm', fields, { stopAt: toCallback });
}

async function stillSignedIn(browser: TestBrowser, name: string): Promise<boolean> {
  const request = await authorizationRequest(rps.get(name)!, { prompt: 'none' });
  const outcome = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  return new URL(outcome.stoppedAt!).searchParams.get('code') !== null;
}

test('discovery says front-channel logout is supported, with the session', async () => {
  const discovery = await (await fetch(`${app.issuer}/.well-known/openid-configuration`)).json() as Record<string, unknown>;
  expect(discovery).toMatchObject({ frontchannel_logout_supported: true, frontchannel_logout_session_supported: true });
});

test('ID tokens carry the sid for applications that asked for the session in their front-channel logout', async () => {
  const { sids } = await signedInEverywhere();
  expect(sids.get('notes')).toEqual(expect.any(String));
  // Each application is given a sid of its own for the one session.
  expect(sids.get('wiki')).toEqual(expect.any(String));
  expect(sids.get('wiki')).not.toBe(sids.get('notes'));
  expect(sids.get('quiet')).toBeUndefined();
  expect(sids.get('registered')).toBeUndefined();
});

test("RP-initiated logout shows a page that loads every application's front-channel URI, then goes on to the post-logout URI", async () => {
  const { browser, sids, idTokens } = await signedInEverywhere();
  const done = await logOutFrom('notes', browser, idTokens.get('notes')!, { logout: 'yes' });
  expect(done.stoppedAt).toBeUndefined();
  const { page } = done;
  expect(page.status).toBe(200);

  const frames = framesOf(page);
  expect([...frames.keys()].sort()).toEqual(['notes', 'registered', 'wiki']);
  for (const name of ['notes', 'wiki']) {
    expect(frames.get(name)!.origin + frames.get(name)!.pathname).toBe(FRONT);
    expect(frames.get(name)!.searchParams.get('iss')).toBe(app.issuer);
    expect(frames.get(name)!.searchParams.get('sid')).toBe(sids.get(name));
  }
  expect(frames.get('registered')!.searchParams.has('sid')).toBe(false);
  expect(frames.get('registered')!.searchParams.has('iss')).toBe(false);

  // The page may frame the applications' origin, and only that; it goes on where the redirect led.
  expect(page.headers.get('content-security-policy')).toContain('frame-src http://127.0.0.2:9');
  const next = page.document.querySelector('a#continue')!.getAttribute('href')!;
  expect(next).toBe(`${AFTER_LOGOUT}?state=after-logout`);
  expect(page.document.querySelector('script[data-next]')!.getAttribute('data-next')).toBe(next);
  expect(page.document.querySelector('meta[http-equiv="refresh"]')!.getAttribute('content')).toBe(`5;url=${next}`);

  expect(await stillSignedIn(browser, 'wiki')).toBe(false);
}, 30_000);

test("'Stay signed in' loads only the asking application's front-channel URI", async () => {
  const { browser, sids, idTokens } = await signedInEverywhere();
  const done = await logOutFrom('wiki', browser, idTokens.get('wiki')!, {});
  const frames = framesOf(done.page);
  expect([...frames.keys()]).toEqual(['wiki']);
  expect(frames.get('wiki')!.searchParams.get('sid')).toBe(sids.get('wiki'));
  expect(await stillSignedIn(browser, 'notes')).toBe(true);
}, 30_000);

test('a sign-out with no front-channel application among the signed-in ones redirects as before', async () => {
  const browser = new TestBrowser();
  const { tokens } = await signIn(rps.get('quiet')!, browser, user);
  const done = await logOutFrom('quiet', browser, tokens.id_token!, { logout: 'yes' });
  expect(done.stoppedAt).toBe(`${AFTER_LOGOUT}?state=after-logout`);
}, 30_000);

test("signing out on My account loads this session's applications' front-channel URIs", async () => {
  const { browser, sids } = await signedInEverywhere();
  const account = await browser.navigate(`${app.issuer}/account`);
  const signedOut = await browser.submit(account.page, 'form[action="/account/sign-out"]');
  expect(signedOut.page.document.querySelector('h1')!.textContent).toBe('You have signed out');
  const frames = framesOf(signedOut.page);
  expect([...frames.keys()].sort()).toEqual(['notes', 'registered', 'wiki']);
  expect(frames.get('notes')!.searchParams.get('sid')).toBe(sids.get('notes'));
  expect(signedOut.page.headers.get('content-security-policy')).toContain('frame-src http://127.0.0.2:9');
}, 30_000);

test('a front-channel logout URI must be at the origin of a redirect URI, without a fragment', async () => {
  const create = (frontchannelLogoutUri: string, grantTypes?: string[]) => app.services.clients.create({
    clientId: `bad-${Math.random().toString(36).slice(2, 8)}`, secret: 'x'.repeat(40), redirectUris: grantTypes ? [] : [CALLBACK],
    frontchannelLogoutUri, ...(grantTypes ? { grantTypes } : {}),
  });
  await expect(create('http://127.0.0.3:9/frontchannel-logout')).rejects.toThrow(/origin of one of the client's redirect URIs|scheme, host and port/);
  await expect(create(`${FRONT}#here`)).rejects.toThrow(/fragment/);
  await expect(create('not a url')).rejects.toThrow(/not an http\(s\) URL/);
  await expect(create(FRONT, ['client_credentials'])).rejects.toThrow(/authorization_code/);

  for (const metadata of [
    { redirect_uris: [CALLBACK], frontchannel_logout_uri: 'https://elsewhere.example/logout' },
    { redirect_uris: [CALLBACK], frontchannel_logout_uri: FRONT, frontchannel_logout_session_required: 'yes' },
    { redirect_uris: [CALLBACK], frontchannel_logout_uri: 42 },
  ]) {
    const response = await register(metadata);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: 'invalid_client_metadata' });
  }
});
