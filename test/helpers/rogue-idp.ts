// An OpenID Connect provider that misbehaves on purpose: it signs users in at once and answers the code
// with an ID token that is wrong in the way a test asks for (bad signature, expired, another audience,
// another nonce), or it never answers at all.
import { createServer, type Server } from 'node:http';

import { exportJWK, generateKeyPair, SignJWT } from 'jose';

import { freePort } from './free-port.js';

export type RogueMode = 'bad-signature' | 'expired' | 'wrong-audience' | 'wrong-nonce' | 'hang';

export interface RogueIdp {
  readonly issuer: string;
  mode: RogueMode;
  close(): Promise<void>;
}

const HOST = '127.0.0.4';

export async function startRogueIdp(clientId: string): Promise<RogueIdp> {
  const port = await freePort(HOST);
  const issuer = `http://${HOST}:${port}`;
  const published = await generateKeyPair('ES256');
  const other = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(published.publicKey)), kid: 'k1', alg: 'ES256', use: 'sig' };
  const nonces = new Map<string, string>();
  const rogue: RogueIdp = { issuer, mode: 'bad-signature', close: async () => undefined };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', issuer);
    const json = (body: unknown) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    if (rogue.mode === 'hang' && url.pathname !== '/authorize') {
      return; // never answers
    }
    if (url.pathname === '/.well-known/openid-configuration') {
      json({
        issuer, authorization_endpoint: `${issuer}/authorize`, token_endpoint: `${issuer}/token`, jwks_uri: `${issuer}/jwks`,
        response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['ES256'],
        code_challenge_methods_supported: ['S256'],
      });
    } else if (url.pathname === '/jwks') {
      json({ keys: [jwk] });
    } else if (url.pathname === '/authorize') {
      const code = `code-${Math.random().toString(36).slice(2)}`;
      nonces.set(code, url.searchParams.get('nonce') ?? '');
      const back = new URL(url.searchParams.get('redirect_uri')!);
      back.search = new URLSearchParams({ code, state: url.searchParams.get('state') ?? '', iss: issuer }).toString();
      res.writeHead(302, { location: back.toString() });
      res.end();
    } else if (url.pathname === '/token') {
      let body = '';
      req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
      req.on('end', () => {
        const code = new URLSearchParams(body).get('code') ?? '';
        const now = Math.floor(Date.now() / 1000);
        const expired = rogue.mode === 'expired';
        new SignJWT({ nonce: rogue.mode === 'wrong-nonce' ? 'not-the-nonce' : nonces.get(code), email: 'someone@rogue.example' })
          .setProtectedHeader({ alg: 'ES256', kid: 'k1' })
          .setIssuer(issuer)
          .setSubject('rogue-user')
          .setAudience(rogue.mode === 'wrong-audience' ? 'another-client' : clientId)
          .setIssuedAt(expired ? now - 7200 : now)
          .setExpirationTime(expired ? now - 3600 : now + 300)
          .sign(rogue.mode === 'bad-signature' ? other.privateKey : published.privateKey)
          .then((idToken) => json({ access_token: 'at', token_type: 'Bearer', expires_in: 300, id_token: idToken }));
      });
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(port, HOST, resolve));
  rogue.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return rogue;
}
