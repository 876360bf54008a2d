// Back-channel logout (OIDC Back-Channel Logout 1.0), received by test relying parties on a loopback address of
// their own that check each logout token as the specification says: signed by the issuer's key, iss, aud,
// iat, jti, the back-channel event, the sid the application was given, the sub, and no nonce. Sent on
// RP-initiated logout (by oidc-provider) and on 'Sign out of all sessions' (by us), to every application the
// session signed in that registered a URI; one that does not answer at first is tried again; both are audited.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { AFTER_LOGOUT, CALLBACK, discover, signIn, toCallback } from '../../helpers/relying-party.js';
import { until } from '../../helpers/until.js';

const RECEIVER_HOST = '127.0.0.5';
const INITIAL_ACCESS_TOKEN = 'initial-access-token-for-backchannel-tests';
const user = { email: 'signed.out@example.com', password: 'tell every application' };

interface Received { readonly path: string; readonly token: string }

let app: TestApp;
let receiver: Server;
let receiverUrl: string;
const received: Received[] = [];
/** Paths that answer 500 this many more times before they answer 200. */
const failuresLeft = new Map<string, number>();
const rps = new Map<string, oidc.Configuration>();

beforeAll(async () => {
  receiver = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => {
      const left = failuresLeft.get(req.url!) ?? 0;
      if (left > 0) {
        failuresLeft.set(req.url!, left - 1);
        res.writeHead(500).end();
        return;
      }
      received.push({ path: req.url!, token: new URLSearchParams(body).get('logout_token') ?? '' });
      res.writeHead(200).end();
    });
  });
  receiver.listen(0, RECEIVER_HOST);
  await once(receiver, 'listening');
  receiverUrl = `http://${RECEIVER_HOST}:${(receiver.address() as AddressInfo).port}`;
  app = await createTestApp({ env: {
    OUTBOUND_ALLOW_PRIVATE: RECEIVER_HOST, REGISTRATION_ENABLED: 'true', REGISTRATION_INITIAL_ACCESS_TOKEN: INITIAL_ACCESS_TOKEN,
  } });
  await app.services.accounts.create(user);
  for (const name of ['crm', 'wiki', 'quiet']) {
    const secret = `${name}-secret`.padEnd(40, 'x');
    await app.services.clients.create({
      clientId: name, secret, name, redirectUris: [CALLBACK], postLogoutRedirectUris: [AFTER_LOGOUT], firstParty: true,
      ...(name === 'quiet' ? {} : { backchannelLogoutUri: `${receiverUrl}/logout/${name}` }),
    });
    rps.set(name, await discover(app, { clientId: name, secret, redirectUri: CALLBACK }));
  }
});
afterAll(async () => {
  receiver?.close();
  await app?.close();
});

/** One browser signed in to every application; the sid each application was given. */
async function signedInEverywhere() {
  const browser = new TestBrowser();
  const sids = new Map<string, string>();
  const idTokens = new Map<string, string>();
  for (const [name, rp] of rps) {
    const { tokens } = await signIn(rp, browser, user);
    sids.set(name, String(tokens.claims()!['sid']));
    idTokens.set(name, tokens.id_token!);
  }
  return { browser, sids, idTokens };
}

/** Checks the logout token as a relying party must, and gives its claims. */
async function verified(token: string, audience: string) {
  const { payload, protectedHeader } = await jwtVerify(token, createRemoteJWKSet(new URL(`${app.issuer}/jwks`)), {
    issuer: app.issuer, audience, typ: 'logout+jwt', maxTokenAge: '2 minutes',
  });
  expect(protectedHeader.typ).toBe('logout+jwt');
  expect(payload.events).toEqual({ 'http://schemas.openid.net/event/backchannel-logout': {} });
  expect(payload.jti).toEqual(expect.any(String));
  expect(payload.iat).toEqual(expect.any(Number));
  expect(payload).not.toHaveProperty('nonce');
  return payload;
}

const deliveries = async (accountId: string) => app.services.storage.database.sql.query<{ type: string; client_id: string; details: { tries: number } }>(
  "SELECT type, client_id, details FROM audit_events WHERE account_id = $1 AND type LIKE 'logout.%' ORDER BY occurred_at", [accountId]);

test('RP-initiated logout from one application tells the others that registered, each with its own sid', async () => {
  received.length = 0;
  const account = await app.services.accountRepository.findByEmail(user.email);
  const { browser, sids, idTokens } = await signedInEverywhere();
  const logout = oidc.buildEndSessionUrl(rps.get('crm')!, { id_token_hint: idTokens.get('crm')!, post_logout_redirect_uri: AFTER_LOGOUT });
  const page = (await browser.navigate(logout.toString(), { stopAt: toCallback })).page;
  const done = await browser.submit(page, 'form#op\\.logoutForm', { logout: 'yes' }, { stopAt: toCallback });
  expect(done.stoppedAt).toBe(AFTER_LOGOUT);

  await until(() => received.length >= 2);
  expect(received.map((entry) => entry.path).sort()).toEqual(['/logout/crm', '/logout/wiki']);
  for (const { path, token } of received) {
    const name = path.split('/')[2]!;
    expect(await verified(token, name)).toMatchObject({ sub: account!.id, sid: sids.get(name) });
  }
  await until(async () => (await deliveries(account!.id)).length >= 2);
  expect((await deliveries(account!.id)).filter((row) => row.type === 'logout.backchannel_delivered').map((row) => row.client_id).sort())
    .toEqual(['crm', 'wiki']);
}, 30_000);

test("'Sign out of all sessions' tells every application of every session; one that fails at first is tried again", async () => {
  received.length = 0;
  const account = await app.services.accountRepository.findByEmail(user.email);
  const before = (await deliveries(account!.id)).length;
  const first = await signedInEverywhere();
  const second = await signedInEverywhere();
  failuresLeft.set('/logout/wiki', 1);

  // My account, on the first browser (signed in already).
  const myAccount = await first.browser.navigate(`${app.issuer}/account`);
  await first.browser.submit(myAccount.page, 'form[action="/account/sign-out-everywhere"]');

  // Two sessions, two applications with a URI each (the account console has none): four tokens.
  await until(() => received.length >= 4);
  const bySid = new Map(received.map(({ path, token }) => [String(decodeJwt(token)['sid']), path]));
  for (const session of [first, second]) {
    expect(bySid.get(session.sids.get('crm')!)).toBe('/logout/crm');
    expect(bySid.get(session.sids.get('wiki')!)).toBe('/logout/wiki');
  }
  for (const { path, token } of received) {
    await verified(token, path.split('/')[2]!);
  }
  await until(async () => (await deliveries(account!.id)).length >= before + 4);
  const rows = (await deliveries(account!.id)).slice(before);
  expect(rows.every((row) => row.type === 'logout.backchannel_delivered')).toBe(true);
  expect(rows.map((row) => `${row.client_id}:${row.details.tries}`).sort()).toEqual(['crm:1', 'crm:1', 'wiki:1', 'wiki:2']);
}, 30_000);

test('a client registered by Dynamic Client Registration with a back-channel logout URI is told too', async () => {
  const register = (metadata: Record<string, unknown>) => fetch(`${app.issuer}/reg`, {
    method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${INITIAL_ACCESS_TOKEN}` },
    body: JSON.stringify({ redirect_uris: [CALLBACK], post_logout_redirect_uris: [AFTER_LOGOUT], ...metadata }),
  });
  // http only on loopback, as for every other way of registering one.
  const plain = await register({ backchannel_logout_uri: 'http://crm.example/logout' });
  expect(plain.status).toBe(400);
  expect(await plain.json()).toMatchObject({ error: 'invalid_client_metadata', error_description: expect.stringContaining('must use https') });

  const response = await register({ backchannel_logout_uri: `${receiverUrl}/logout/registered`, backchannel_logout_session_required: true });
  expect(response.status).toBe(201);
  const { client_id: clientId, client_secret: secret } = await response.json() as { client_id: string; client_secret: string };
  const rp = await discover(app, { clientId, secret, redirectUri: CALLBACK });
  received.length = 0;
  const browser = new TestBrowser();
  const { tokens } = await signIn(rp, browser, { ...user, consent: true });
  const logout = oidc.buildEndSessionUrl(rp, { id_token_hint: tokens.id_token!, post_logout_redirect_uri: AFTER_LOGOUT });
  const page = (await browser.navigate(logout.toString(), { stopAt: toCallback })).page;
  await browser.submit(page, 'form#op\\.logoutForm', { logout: 'yes' }, { stopAt: toCallback });

  await until(() => received.length >= 1);
  expect(received.map((entry) => entry.path)).toEqual(['/logout/registered']);
  const account = await app.services.accountRepository.findByEmail(user.email);
  expect(await verified(received[0]!.token, clientId)).toMatchObject({ sub: account!.id, sid: tokens.claims()!['sid'] });
}, 30_000);

test('a server that stops sends the retries still waiting at once, before it closes its stores', async () => {
  const own = await createTestApp({ env: { OUTBOUND_ALLOW_PRIVATE: RECEIVER_HOST } });
  let closed = false;
  try {
    await own.services.accounts.create(user);
    const secret = 'stopping-secret'.padEnd(40, 'x');
    await own.services.clients.create({
      clientId: 'stopping', secret, redirectUris: [CALLBACK], firstParty: true, backchannelLogoutUri: `${receiverUrl}/logout/stopping`,
    });
    const rp = await discover(own, { clientId: 'stopping', secret, redirectUri: CALLBACK });
    const browser = new TestBrowser();
    await signIn(rp, browser, user);
    received.length = 0;
    // Refused twice: tried after 1 s, then it would wait 5 s more.
    failuresLeft.set('/logout/stopping', 2);
    const myAccount = await browser.navigate(`${own.issuer}/account`);
    await browser.submit(myAccount.page, 'form[action="/account/sign-out-everywhere"]');
    await until(() => failuresLeft.get('/logout/stopping') === 0);

    const stoppedAt = Date.now();
    await own.close();
    closed = true;
    expect(received.map((entry) => entry.path)).toEqual(['/logout/stopping']);
    expect(Date.now() - stoppedAt).toBeLessThan(4000);
    expect(decodeJwt(received[0]!.token)).toMatchObject({ aud: 'stopping', iss: own.issuer });
  } finally {
    if (!closed) {
      await own.close();
    }
  }
}, 30_000);
