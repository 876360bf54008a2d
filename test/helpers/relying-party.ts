// A relying party built on openid-client, exactly as an external application would use it.
import { randomBytes } from 'node:crypto';

import * as oidc from 'openid-client';

import type { TestApp } from './create-test-app.js';
import { TestBrowser, type Outcome } from './browser.js';

export const CALLBACK = 'http://127.0.0.2:9/callback';
export const AFTER_LOGOUT = 'http://127.0.0.2:9/signed-out';

export interface TestClient {
  readonly clientId: string;
  readonly secret: string | undefined;
  readonly redirectUri: string;
}

export async function registerClient(app: TestApp, options: {
  public?: boolean; grants?: string[]; firstParty?: boolean; name?: string;
} = {}): Promise<TestClient> {
  const clientId = `rp-${randomBytes(4).toString('hex')}`;
  const secret = options.public ? undefined : randomBytes(32).toString('base64url');
  await app.services.clients.create({
    clientId,
    secret,
    name: options.name ?? 'Test App',
    redirectUris: [CALLBACK],
    postLogoutRedirectUris: [AFTER_LOGOUT],
    grantTypes: options.grants,
    firstParty: options.firstParty,
  });
  return { clientId, secret, redirectUri: CALLBACK };
}

export async function discover(app: Pick<TestApp, 'issuer'>, client: TestClient): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(app.issuer), client.clientId,
    client.secret === undefined ? undefined : { client_secret: client.secret },
    client.secret === undefined ? oidc.None() : oidc.ClientSecretBasic(client.secret),
    { execute: [oidc.allowInsecureRequests] });
}

/** A client_credentials token request, as a machine client sends it (the raw response: load tests count statuses). */
export function clientCredentialsRequest(issuer: string, client: { clientId: string; secret?: string | undefined },
  options: { signal?: AbortSignal; headers?: Record<string, string> } = {}): Promise<Response> {
  return fetch(`${issuer}/token`, {
    method: 'POST',
    ...(options.signal ? { signal: options.signal } : {}),
    headers: {
      ...options.headers,
      authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret ?? ''}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: 'grant_type=client_credentials',
  });
}

export interface AuthorizationRequest {
  readonly url: URL;
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
}

export async function authorizationRequest(rp: oidc.Configuration, params: Record<string, string> = {}): Promise<AuthorizationRequest> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(rp, {
    redirect_uri: CALLBACK,
    scope: 'openid email profile',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { url, verifier, state, nonce };
}

export const toCallback = (url: string) => url.startsWith(CALLBACK) || url.startsWith(AFTER_LOGOUT);

/** Email on page 1, Next, password on page 2, Sign in. */
export async function signInThroughForms(browser: TestBrowser, start: string, credentials: {
  email: string; password: string; remember?: boolean;
}): Promise<Outcome> {
  const page1 = await browser.navigate(start, { stopAt: toCallback });
  if (page1.stoppedAt) {
    return page1;
  }
  const page2 = await browser.submit(page1.page, 'form[action$="/login/identifier"]', {
    email: credentials.email,
    ...(credentials.remember ? { remember: 'yes' } : {}),
  }, { stopAt: toCallback });
  return browser.submit(page2.page, 'form[action$="/login/password"]', { password: credentials.password }, { stopAt: toCallback });
}

/**
 * The whole authorization-code + PKCE flow; returns the tokens, validated by openid-client.
 * `consent: true` answers Allow on a consent screen (third-party clients).
 */
export async function signIn(rp: oidc.Configuration, browser: TestBrowser, credentials: {
  email: string; password: string; remember?: boolean; consent?: boolean;
}, params: Record<string, string> = {}) {
  const request = await authorizationRequest(rp, params);
  let outcome = await signInThroughForms(browser, request.url.toString(), credentials);
  if (!outcome.stoppedAt && credentials.consent && outcome.page.document.querySelector('form[action$="/consent"]')) {
    outcome = await browser.submit(outcome.page, 'form[action$="/consent"]', { decision: 'allow' }, { stopAt: toCallback });
  }
  if (!outcome.stoppedAt) {
    throw new Error(`sign-in did not return to the client; last page ${outcome.page.url} (${outcome.page.status}):\n${outcome.page.body}`);
  }
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(outcome.stoppedAt), {
    pkceCodeVerifier: request.verifier,
    expectedState: request.state,
    expectedNonce: request.nonce,
  });
  return { tokens, request, callback: outcome.stoppedAt };
}
