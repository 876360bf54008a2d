// A small web application that signs in through the provider with openid-client, as a real relying party
// would: for browser tests. It listens on 127.0.0.2, so that its cookies and the provider's stay apart.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

import * as oidc from 'openid-client';

import type { TestApp } from './create-test-app.js';
import { freePort } from './free-port.js';

export interface DemoRp {
  readonly url: string;
  readonly clientId: string;
  readonly redirectUri: string;
  close(): Promise<void>;
}

const HOST = '127.0.0.2';

/** `register` is called with the redirect URI before the app starts, and returns the client's credentials. */
export async function startDemoRp(issuer: string, register: (redirectUri: string) => Promise<{ clientId: string; secret: string }>): Promise<DemoRp> {
  const port = await freePort(HOST);
  const url = `http://${HOST}:${port}`;
  const redirectUri = `${url}/callback`;
  const { clientId, secret } = await register(redirectUri);
  const config = await oidc.discovery(new URL(issuer), clientId, secret, undefined, { execute: [oidc.allowInsecureRequests] });
  const pending = new Map<string, { verifier: string; nonce: string }>();

  const server: Server = createServer((req, res) => {
    const requestUrl = new URL(req.url ?? '/', url);
    const html = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Demo app</title></head><body>${body}</body></html>`);
    };
    if (requestUrl.pathname === '/') {
      html(200, '<h1>Demo app</h1><a id="sign-in" href="/login">Sign in</a>');
    } else if (requestUrl.pathname === '/login') {
      void (async () => {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        pending.set(state, { verifier, nonce });
        const target = oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri, scope: 'openid email profile', state, nonce,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
        });
        res.writeHead(302, { location: target.toString() });
        res.end();
      })();
    } else if (requestUrl.pathname === '/callback') {
      const state = requestUrl.searchParams.get('state') ?? '';
      const checks = pending.get(state);
      pending.delete(state);
      if (!checks) {
        html(400, '<h1>Unknown sign-in</h1>');
        return;
      }
      oidc.authorizationCodeGrant(config, requestUrl, { pkceCodeVerifier: checks.verifier, expectedState: state, expectedNonce: checks.nonce })
        .then((tokens) => html(200, `<h1>Signed in</h1><p id="user">${escapeHtml(String(tokens.claims()?.email))}</p>`))
        .catch((error: Error) => html(400, `<h1>Sign-in failed</h1><p>${escapeHtml(error.message)}</p>`));
    } else {
      html(404, '<h1>Not found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, HOST, resolve));
  return {
    url, clientId, redirectUri,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/** The demo app, registered in a test app as the first-party client demo-app. */
export function startDemoRpFor(app: TestApp): Promise<DemoRp> {
  return startDemoRp(app.issuer, async (redirectUri) => {
    const secret = randomBytes(32).toString('base64url');
    await app.services.clients.create({ clientId: 'demo-app', secret, redirectUris: [redirectUri], firstParty: true });
    return { clientId: 'demo-app', secret };
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
