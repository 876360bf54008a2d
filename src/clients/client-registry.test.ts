import { buildClient } from './client-registry.js';
import { checkRedirectUri } from './redirect-uri-rules.js';

const secret = 's'.repeat(32);

test('a client without a secret is public and uses no client authentication', () => {
  const client = buildClient({ clientId: 'spa', redirectUris: ['https://spa.example/cb'] });
  expect(client.metadata).toMatchObject({
    token_endpoint_auth_method: 'none', grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'],
  });
  expect(client.secret).toBeUndefined();
  expect(client.firstParty).toBe(false);
});

test('a client with a secret authenticates with client_secret_basic', () => {
  const client = buildClient({ clientId: 'web', secret, redirectUris: ['https://web.example/cb'] });
  expect(client.metadata['token_endpoint_auth_method']).toBe('client_secret_basic');
});

test('a client_credentials-only client needs no redirect URI', () => {
  const client = buildClient({ clientId: 'svc', secret, redirectUris: [], grantTypes: ['client_credentials'] });
  expect(client.metadata).toMatchObject({ grant_types: ['client_credentials'], response_types: [], redirect_uris: [] });
});

test('a client may have a login initiation endpoint, for sign-ins started at a company portal', () => {
  const client = buildClient({ clientId: 'app', redirectUris: ['https://app.example/cb'], initiateLoginUri: 'https://app.example/login?from=idp' });
  expect(client.metadata['initiate_login_uri']).toBe('https://app.example/login?from=idp');
});

test.each([
  [{ clientId: 'a' }, /3 to 64 characters/],
  [{ clientId: 'has space' }, /letters, digits/],
  [{ clientId: 'ok-id', secret: 'short' }, /at least 32 characters/],
  [{ clientId: 'ok-id', redirectUris: [] }, /at least one redirect URI/],
  [{ clientId: 'ok-id', grantTypes: ['password'] }, /grant types are/],
  [{ clientId: 'ok-id', grantTypes: ['client_credentials'] }, /needs a client secret/],
  [{ clientId: 'ok-id', grantTypes: ['refresh_token'] }, /goes with authorization_code/],
  [{ clientId: 'ok-id', redirectUris: ['http://app.example/cb'] }, /must use https/],
  [{ clientId: 'ok-id', initiateLoginUri: 'http://127.0.0.1/start' }, /must be an https URL/],
  [{ clientId: 'ok-id', initiateLoginUri: 'https://app.example/start#here' }, /must not have a fragment/],
  [{ clientId: 'ok-id', secret, redirectUris: [], grantTypes: ['client_credentials'], initiateLoginUri: 'https://app.example/start' }, /goes with the authorization_code grant/],
])('%j is refused', (input, message) => {
  expect(() => buildClient({ redirectUris: ['https://app.example/cb'], ...input })).toThrow(message);
});

test.each([
  ['https://app.example/cb', true],
  ['http://localhost:8080/cb', true],
  ['http://127.0.0.1/cb', true],
  ['http://127.0.0.2:9/cb', true],
  ['http://[::1]:8080/cb', true],
  ['com.example.app:/oauth2redirect', true],
  ['http://app.example/cb', false],
  ['https://app.example/cb#fragment', false],
  ['javascript:alert(1)', false],
  ['data:text/html,hi', false],
  ['not a url', false],
])('redirect URI %s allowed: %s', (uri, allowed) => {
  expect(checkRedirectUri(uri) === undefined).toBe(allowed);
});
