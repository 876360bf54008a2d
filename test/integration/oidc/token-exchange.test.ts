// Token exchange (RFC 8693) as relying parties use it, with openid-client's generic grant request: a web
// application exchanges its user's access token for a narrower one; a service it hands the token to
// exchanges it only by saying it acts (actor_token), and its token carries the act claim; nothing wider
// than the subject token, no unknown audience, no client that is not registered for the grant, and
// nothing after the user signed out everywhere.
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { CALLBACK, signIn } from '../../helpers/relying-party.js';

const GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
const ACCESS_TOKEN = 'urn:ietf:params:oauth:token-type:access_token';
const user = { email: 'exchange.user@example.com', password: 'exchange me carefully', name: 'Ex Change' };
const web = { clientId: 'exchange-web', secret: 'w'.repeat(40) };
const service = { clientId: 'exchange-service', secret: 's'.repeat(40) };
const plain = { clientId: 'exchange-plain', secret: 'p'.repeat(40) };
let app: TestApp;
let accountId: string;
const rps: Record<string, oidc.Configuration> = {};

const discover = (client: { clientId: string; secret: string }) => oidc.discovery(new URL(app.issuer), client.clientId, undefined,
  oidc.ClientSecretBasic(client.secret), { execute: [oidc.allowInsecureRequests] });

beforeAll(async () => {
  app = await createTestApp();
  accountId = (await app.services.accounts.create(user)).id;
  await app.services.clients.create({ ...web, redirectUris: [CALLBACK], grantTypes: ['authorization_code', GRANT], firstParty: true });
  await app.services.clients.create({ ...service, redirectUris: [], grantTypes: ['client_credentials', GRANT] });
  await app.services.clients.create({ ...plain, redirectUris: [CALLBACK], firstParty: true });
  for (const client of [web, service, plain]) {
    rps[client.clientId] = await discover(client);
  }
});
afterAll(() => app.close());

async function userToken(): Promise<string> {
  const { tokens } = await signIn(rps[web.clientId]!, new TestBrowser(), user, { scope: 'openid email profile' });
  return tokens.access_token;
}

const exchange = (clientId: string, parameters: Record<string, string>) =>
  oidc.genericGrantRequest(rps[clientId]!, GRANT, { subject_token_type: ACCESS_TOKEN, ...parameters });

/** The OAuth error of a refused request. */
async function refused(request: Promise<unknown>): Promise<{ error: string; description: string | undefined }> {
  try {
    await request;
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError) {
      return { error: error.error, description: error.error_description };
    }
    throw error;
  }
  throw new Error('the exchange was not refused');
}

test('discovery lists the grant', () => {
  expect(rps[web.clientId]!.serverMetadata().grant_types_supported).toContain(GRANT);
});

test('its own user token, narrower: the new token reads only what its scopes allow, and lives no longer', async () => {
  const subject = await userToken();
  const narrower = await exchange(web.clientId, { subject_token: subject, scope: 'openid email' });
  expect(narrower).toMatchObject({ issued_token_type: ACCESS_TOKEN, token_type: 'bearer', scope: 'openid email' });
  expect(narrower.expires_in).toBeLessThanOrEqual(app.config.ttl.accessToken);
  const info = await oidc.fetchUserInfo(rps[web.clientId]!, narrower.access_token, accountId);
  expect(info).toMatchObject({ sub: accountId, email: user.email });
  expect(info['name']).toBeUndefined();
  const introspected = await oidc.tokenIntrospection(rps[web.clientId]!, narrower.access_token);
  expect(introspected).toMatchObject({ active: true, sub: accountId, client_id: web.clientId, scope: 'openid email' });
  expect(introspected['act']).toBeUndefined();

  // Never wider than the subject token.
  expect(await refused(exchange(web.clientId, { subject_token: subject, scope: 'openid email offline_access' })))
    .toMatchObject({ error: 'invalid_scope' });
  expect(await refused(exchange(web.clientId, { subject_token: subject, scope: 'admin', resource: `${app.issuer}/admin/api/v1` })))
    .toMatchObject({ error: 'invalid_scope' });
  expect(await refused(exchange(web.clientId, { subject_token: subject, audience: 'https://elsewhere.example/api' })))
    .toMatchObject({ error: 'invalid_target' });
});

test('a service given the token exchanges it only as an actor, and its token says so (act)', async () => {
  const subject = await userToken();
  expect(await refused(exchange(service.clientId, { subject_token: subject }))).toEqual({
    error: 'invalid_request', description: 'subject_token was issued to another client: say who acts with actor_token',
  });
  const own = await oidc.clientCredentialsGrant(rps[service.clientId]!);
  const delegated = await exchange(service.clientId, {
    subject_token: subject, scope: 'openid email', actor_token: own.access_token, actor_token_type: ACCESS_TOKEN,
  });
  const introspected = await oidc.tokenIntrospection(rps[service.clientId]!, delegated.access_token);
  expect(introspected).toMatchObject({ active: true, sub: accountId, client_id: service.clientId, act: { sub: service.clientId } });
  expect(await oidc.fetchUserInfo(rps[service.clientId]!, delegated.access_token, accountId)).toMatchObject({ email: user.email });

  // Exchanged again by the service: still the service acting (nested for the earlier actor).
  const again = await exchange(service.clientId, { subject_token: delegated.access_token, actor_token: own.access_token, actor_token_type: ACCESS_TOKEN });
  expect(await oidc.tokenIntrospection(rps[service.clientId]!, again.access_token))
    .toMatchObject({ act: { sub: service.clientId, act: { sub: service.clientId } } });

  // Someone else's token as the actor: refused.
  const webOwn = await userToken();
  expect(await refused(exchange(service.clientId, { subject_token: subject, actor_token: webOwn, actor_token_type: ACCESS_TOKEN })))
    .toMatchObject({ error: 'invalid_request', description: 'actor_token is not an active token of this client' });
});

test('refused: a client not registered for it, a token that is not one, another token type, after signing out everywhere', async () => {
  const subject = await userToken();
  // oidc-provider's answer to a grant the client is not registered for (RFC 6749 would say unauthorized_client).
  expect(await refused(exchange(plain.clientId, { subject_token: subject }))).toMatchObject({ error: 'invalid_request', description: expect.stringMatching(/not allowed/) });
  expect(await refused(exchange(web.clientId, { subject_token: 'not-a-token' }))).toMatchObject({ error: 'invalid_request' });
  expect(await refused(exchange(web.clientId, { subject_token: subject, subject_token_type: 'urn:ietf:params:oauth:token-type:id_token' })))
    .toMatchObject({ error: 'invalid_request' });
  const exchanged = await exchange(web.clientId, { subject_token: subject, scope: 'openid email' });

  await app.services.sessions.signOutEverywhere(accountId);
  expect(await refused(exchange(web.clientId, { subject_token: subject }))).toMatchObject({ error: 'invalid_request' });
  // What was exchanged before ends with it.
  expect(await oidc.tokenIntrospection(rps[web.clientId]!, exchanged.access_token)).toMatchObject({ active: false });
});

test('only a confidential client can be registered for it', async () => {
  await expect(app.services.clients.create({ clientId: 'exchange-public', redirectUris: [CALLBACK], grantTypes: ['authorization_code', GRANT] }))
    .rejects.toThrow(`the ${GRANT} grant needs a client secret`);
});
