// Signed request objects (RFC 9101, JAR) as a relying party sends them: the authorization request's
// parameters in a JWT signed with the client secret (HS256), in the request parameter or pushed (RFC 9126).
// A client registered with --require-signed-request-object is refused a plain request; an unsigned object,
// one signed with another secret and one for another audience are refused; a signed one signs in, with the
// parameters the object carries (not those beside it).
import { SignJWT, UnsecuredJWT, type JWTPayload } from 'jose';
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { CALLBACK, signInThroughForms, toCallback } from '../../helpers/relying-party.js';

const user = { email: 'jar.user@example.com', password: 'signed requests only' };
const client = { clientId: 'jar-app', secret: 'j'.repeat(40) };
let app: TestApp;
let rp: oidc.Configuration;

beforeAll(async () => {
  app = await createTestApp();
  await app.services.accounts.create(user);
  await app.services.clients.create({
    clientId: client.clientId, secret: client.secret, redirectUris: [CALLBACK], requireSignedRequestObject: true, name: 'JAR App',
  });
  rp = await oidc.discovery(new URL(app.issuer), client.clientId, undefined, oidc.ClientSecretBasic(client.secret), {
    execute: [oidc.allowInsecureRequests],
  });
});
afterAll(() => app.close());

interface Request { readonly claims: JWTPayload & Record<string, unknown>; readonly verifier: string }

async function requestClaims(extra: Record<string, unknown> = {}): Promise<Request> {
  const verifier = oidc.randomPKCECodeVerifier();
  return {
    verifier,
    claims: {
      iss: client.clientId, aud: app.issuer, client_id: client.clientId, response_type: 'code', redirect_uri: CALLBACK,
      scope: 'openid email', state: oidc.randomState(), nonce: oidc.randomNonce(),
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256', ...extra,
    },
  };
}

const signed = (claims: JWTPayload, secret = client.secret) => new SignJWT(claims)
  .setProtectedHeader({ alg: 'HS256', typ: 'oauth-authz-req+jwt' }).setIssuedAt().setExpirationTime('5m')
  .sign(new TextEncoder().encode(secret));

const authorizeUrl = (params: Record<string, string>) => `${app.issuer}/auth?${new URLSearchParams(params)}`;

/** Where the authorization endpoint sends the browser (its own error page is a 400 with no Location). */
async function authorize(params: Record<string, string>): Promise<{ status: number; location: URL | undefined; body: string }> {
  const response = await fetch(authorizeUrl(params), { redirect: 'manual' });
  const location = response.headers.get('location');
  return { status: response.status, location: location ? new URL(location, app.issuer) : undefined, body: await response.text() };
}

async function signInFrom(url: string, request: Request): Promise<oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers> {
  const browser = new TestBrowser();
  const outcome = await signInThroughForms(browser, url, user);
  const back = outcome.stoppedAt ?? (await browser.submit(outcome.page, 'form[action$="/consent"]', { decision: 'allow' }, { stopAt: toCallback })).stoppedAt;
  return oidc.authorizationCodeGrant(rp, new URL(back!), {
    pkceCodeVerifier: request.verifier, expectedState: request.claims['state'] as string, expectedNonce: request.claims['nonce'] as string,
  });
}

test('discovery says request objects are accepted, signed', () => {
  const metadata = rp.serverMetadata();
  expect(metadata.request_parameter_supported).toBe(true);
  expect(metadata.request_object_signing_alg_values_supported).toContain('HS256');
  expect(metadata.request_object_signing_alg_values_supported).not.toContain('none');
});

test('a request object signed with the client secret signs in; its parameters win over those beside it', async () => {
  const request = await requestClaims();
  // The state beside the object is not the one that comes back.
  const url = authorizeUrl({ client_id: client.clientId, request: await signed(request.claims), state: 'not-this-one' });
  const tokens = await signInFrom(url, request);
  expect(tokens.claims()).toMatchObject({ email: user.email, nonce: request.claims['nonce'] });
});

test('pushed (PAR): the request object goes in the push, the browser carries only its request_uri', async () => {
  const request = await requestClaims();
  const pushed = await fetch(`${app.issuer}/request`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ request: await signed(request.claims) }),
  });
  expect(pushed.status).toBe(201);
  const { request_uri: requestUri } = await pushed.json() as { request_uri: string };
  const tokens = await signInFrom(authorizeUrl({ client_id: client.clientId, request_uri: requestUri }), request);
  expect(tokens.claims()?.['nonce']).toBe(request.claims['nonce']);
});

test('refused: a plain request from this client, an unsigned object, a wrong secret, another audience', async () => {
  const request = await requestClaims();
  const { claims } = request;
  // Refusals go back to the registered redirect URI (it is this client's), with the error and the state.
  const plain = await authorize(Object.fromEntries(Object.entries(claims).filter(([key]) => !['iss', 'aud'].includes(key)).map(([key, value]) => [key, String(value)])));
  expect(plain.location?.origin + plain.location!.pathname).toBe(CALLBACK);
  expect(plain.location?.searchParams.get('error')).toBe('invalid_request');
  expect(plain.location?.searchParams.get('error_description')).toMatch(/Request Object must be used/);

  const refusedObjects = {
    unsigned: new UnsecuredJWT(claims).encode(),
    'wrong secret': await signed(claims, 'w'.repeat(40)),
    'another audience': await signed({ ...claims, aud: 'https://elsewhere.example' }),
  };
  for (const [what, object] of Object.entries(refusedObjects)) {
    const refused = await authorize({ client_id: client.clientId, request: object });
    const error = refused.location?.searchParams.get('error') ?? /<code>([a-z_]+)<\/code>/.exec(refused.body)?.[1];
    expect({ what, status: refused.status, error }).toEqual({ what, status: refused.location ? 303 : 400, error: 'invalid_request_object' });
    expect(refused.location?.searchParams.has('code') ?? false).toBe(false);
  }
});

test('only a confidential client with the authorization_code grant can be required to sign its requests', async () => {
  await expect(app.services.clients.create({ clientId: 'jar-public', redirectUris: [CALLBACK], requireSignedRequestObject: true }))
    .rejects.toThrow(/signed request objects go with the authorization_code grant and a client secret/);
  await expect(app.services.clients.create({
    clientId: 'jar-service', secret: 's'.repeat(40), redirectUris: [], grantTypes: ['client_credentials'], requireSignedRequestObject: true,
  })).rejects.toThrow(/signed request objects go with the authorization_code grant/);
});
