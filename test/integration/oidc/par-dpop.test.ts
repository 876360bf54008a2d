// Pushed authorization requests (RFC 9126) and DPoP (RFC 9449) as a FAPI-style relying party uses them, with
// openid-client: a client registered with --require-par and --require-dpop pushes its request, signs in, and
// gets tokens bound to its key (token_type DPoP, cnf.jkt in introspection); the same tokens without the key
// are refused, a request that was not pushed is refused, and the server asks for its nonces.
import { calculateJwkThumbprint, exportJWK } from 'jose';
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { CALLBACK, signInThroughForms, toCallback } from '../../helpers/relying-party.js';

const user = { email: 'fapi.user@example.com', password: 'bound tokens only please' };
const client = { clientId: 'fapi-app', secret: 'f'.repeat(40) };
let app: TestApp;
let rp: oidc.Configuration;
const seen: { url: string; status: number; nonce: string | null; error: string | null }[] = [];

beforeAll(async () => {
  app = await createTestApp();
  await app.services.accounts.create(user);
  await app.services.clients.create({
    clientId: client.clientId, secret: client.secret, redirectUris: [CALLBACK], requirePar: true, requireDpop: true, name: 'FAPI App',
  });
  rp = await oidc.discovery(new URL(app.issuer), client.clientId, undefined, oidc.ClientSecretBasic(client.secret), {
    execute: [oidc.allowInsecureRequests],
  });
  // What the relying party receives, for the nonce round trips openid-client makes by itself.
  rp[oidc.customFetch] = async (url, options) => {
    const response = await fetch(url, options as RequestInit);
    seen.push({ url, status: response.status, nonce: response.headers.get('dpop-nonce'), error: response.headers.get('www-authenticate') });
    return response;
  };
});
afterAll(() => app.close());

async function pushedSignIn(dpop: oidc.DPoPHandle) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = await oidc.buildAuthorizationUrlWithPAR(rp, {
    redirect_uri: CALLBACK, scope: 'openid email offline_access', prompt: 'consent', state,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
  }, { DPoP: dpop });
  expect([...url.searchParams.keys()].sort()).toEqual(['client_id', 'request_uri']);
  const browser = new TestBrowser();
  let outcome = await signInThroughForms(browser, url.toString(), user);
  if (!outcome.stoppedAt) {
    outcome = await browser.submit(outcome.page, 'form[action$="/consent"]', { decision: 'allow' }, { stopAt: toCallback });
  }
  return oidc.authorizationCodeGrant(rp, new URL(outcome.stoppedAt!), { pkceCodeVerifier: verifier, expectedState: state }, undefined, { DPoP: dpop });
}

test('discovery lists the pushed authorization request endpoint and the DPoP algorithms', () => {
  const metadata = rp.serverMetadata();
  expect(metadata.pushed_authorization_request_endpoint).toBe(`${app.issuer}/request`);
  expect(metadata.dpop_signing_alg_values_supported).toContain('ES256');
});

test('a pushed request and a DPoP key: tokens bound to the key, usable with it only', async () => {
  const keys = await oidc.randomDPoPKeyPair('ES256');
  const dpop = oidc.getDPoPHandle(rp, keys);
  const tokens = await pushedSignIn(dpop);
  expect(tokens.token_type).toBe('dpop');
  // The server asked for a nonce, and openid-client answered it.
  expect(seen.some((response) => response.status === 400 && response.nonce)).toBe(true);

  const thumbprint = await calculateJwkThumbprint(await exportJWK(keys.publicKey));
  const introspected = await oidc.tokenIntrospection(rp, tokens.access_token);
  expect(introspected).toMatchObject({ active: true, token_type: 'DPoP', cnf: { jkt: thumbprint } });

  const account = await app.services.accountRepository.findByEmail(user.email);
  expect(await oidc.fetchUserInfo(rp, tokens.access_token, account!.id, { DPoP: dpop })).toMatchObject({ email: user.email });
  // As a bearer token, or with another key: refused.
  const bearer = await fetch(`${app.issuer}/me`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
  expect(bearer.status).toBe(401);
  const stranger = oidc.getDPoPHandle(rp, await oidc.randomDPoPKeyPair('ES256'));
  await expect(oidc.fetchUserInfo(rp, tokens.access_token, account!.id, { DPoP: stranger })).rejects.toBeDefined();

  // The refresh token is bound too: with the key it goes on, without it it is refused.
  const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token!, undefined, { DPoP: dpop });
  expect(refreshed.token_type).toBe('dpop');
  await expect(oidc.refreshTokenGrant(rp, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
}, 30_000);

test('a request that was not pushed is refused for this client: the error goes back to it', async () => {
  const url = oidc.buildAuthorizationUrl(rp, { redirect_uri: CALLBACK, scope: 'openid', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' });
  const { stoppedAt } = await new TestBrowser().navigate(url.toString(), { stopAt: toCallback });
  const answer = new URL(stoppedAt!).searchParams;
  expect(answer.get('error')).toBe('invalid_request');
  expect(answer.get('error_description')).toMatch(/pushed authorization request/i);
});
