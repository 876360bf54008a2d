// The baseline: oidc-provider as shipped, with its in-memory adapter, configured like this server where
// the benchmark compares them: opaque tokens, the same TTLs, rotating refresh tokens, introspection,
// RS256 ID tokens, and the same claims. Its development interactions sign a user in without a password.
// Started by the benchmark in a process of its own, like our server.
import { generateKeyPairSync } from 'node:crypto';

import Provider from 'oidc-provider';

const port = Number(process.env['PORT']);
const secret = process.env['CLIENT_SECRET']!;
const callback = process.env['CALLBACK']!;
const issuer = `http://127.0.0.1:${port}`;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const provider = new Provider(issuer, {
  clients: [
    { client_id: 'bench', client_secret: secret, grant_types: ['client_credentials'], redirect_uris: [], response_types: [] },
    {
      client_id: 'bench-web', client_secret: secret, grant_types: ['authorization_code', 'refresh_token'],
      redirect_uris: [callback], response_types: ['code'],
    },
  ],
  jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'bench', alg: 'RS256', use: 'sig' } as never] },
  claims: { openid: ['sub', 'acr', 'amr', 'auth_time'], email: ['email', 'email_verified'], profile: ['name'] },
  findAccount: (_ctx, sub) => ({
    accountId: sub,
    claims: () => ({ sub, email: `${sub}@example.com`, email_verified: true, name: sub }),
  }),
  features: {
    devInteractions: { enabled: true },
    clientCredentials: { enabled: true },
    introspection: { enabled: true },
    revocation: { enabled: true },
    userinfo: { enabled: true },
  },
  pkce: { required: () => false },
  rotateRefreshToken: true,
  conformIdTokenClaims: false,
  ttl: {
    AccessToken: 3600, AuthorizationCode: 60, ClientCredentials: 3600, IdToken: 3600, Interaction: 3600,
    RefreshToken: 14 * 24 * 3600, Grant: 30 * 24 * 3600, Session: 30 * 24 * 3600,
  },
});
provider.listen(port, '127.0.0.1', () => process.stdout.write('is ready\n'));
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => process.exit(0));
}
