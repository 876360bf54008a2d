// A small web application that signs in through the provider with openid-client, as a real relying party
// would: for browser tests. It listens on 127.0.0.2, so that its cookies and the provider's stay apart. It
// keeps a session per browser (a cookie named after its client id: apps on other ports share the host),
// signs out through the provider (RP-initiated logout), and ends the sessions a front-channel logout names.
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

import * as oidc from 'openid-client';

import type { TestApp } from './create-test-app.js';
import { freePort } from './free-port.js';

export interface DemoRp {
  readonly url: string;
  readonly clientId: string;
  readonly redirectUri: string;
  /** Where the provider sends the browser after signing out: ${url}/signed-out. */
  readonly postLogoutRedirectUri: string;
  /** Its front-channel logout page: ${url}/frontchannel-logout. */
  readonly frontchannelLogoutUri: string;
  /** The query of each front-channel logout request it received. */
  readonly frontchannelCalls: URLSearchParams[];
  close(): Promise<void>;
}

interface RpSession {
  readonly email: string;
  readonly sid: string | undefined;
  readonly idToken: string;
}

const HOST = '127.0.0.2';

interface RpUris {
  readonly redirectUri: string;
  readonly postLogoutRedirectUri: string;
  readonly frontchannelLogoutUri: string;
}

/** `register` is called with the app's URIs before the app starts, and returns the client's credentials. */
export async function startDemoRp(issuer: string, register: (uris: RpUris) => Promise<{ clientId: string; secret: string }>): Promise<DemoRp> {
  const port = await freePort(HOST);
  const url = `http://${HOST}:${port}`;
  const uris = { redirectUri: `${url}/callback`, postLogoutRedirectUri: `${url}/signed-out`, frontchannelLogoutUri: `${url}/frontchannel-logout` };
  const { redirectUri } = uris;
  const { clientId, secret } = await register(uris);
  const config = await oidc.discovery(new URL(issuer), clientId, secret, undefined, { execute: [oidc.allowInsecureRequests] });
  const pending = new Map<string, { verifier: string; nonce: string }>();
  const sessions = new Map<string, RpSession>();
  const frontchannelCalls: URLSearchParams[] = [];
  const cookieName = `rp_${clientId.replace(/[^A-Za-z0-9]/g, '_')}`;
  const sessionOf = (cookies: string | undefined) => {
    const id = (cookies ?? '').split(/;\s*/).find((cookie) => cookie.startsWith(`${cookieName}=`))?.slice(cookieName.length + 1);
    return id === undefined ? undefined : { id, session: sessions.get(id) };
  };

  const server: Server = createServer((req, res) => {
    const requestUrl = new URL(req.url ?? '/', url);
    const html = (status: number, body: string) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!doctype html><html lang="en"><head><title>Demo app</title></head><body>${body}</body></html>`);
    };
    if (requestUrl.pathname === '/') {
      const session = sessionOf(req.headers.cookie)?.session;
      html(200, session ? `<h1>Demo app</h1><p id="user">${escapeHtml(session.email)}</p><a id="sign-out" href="/logout">Sign out</a>`
        : '<h1>Demo app</h1><a id="sign-in" href="/login">Sign in</a>');
    } else if (requestUrl.pathname === '/logout') {
      const session = sessionOf(req.headers.cookie)?.session;
      const target = session
        ? oidc.buildEndSessionUrl(config, { id_token_hint: session.idToken, post_logout_redirect_uri: uris.postLogoutRedirectUri }).toString() : '/';
      res.writeHead(302, { location: target });
      res.end();
    } else if (requestUrl.pathname === '/signed-out') {
      html(200, '<h1 id="signed-out">Signed out of the demo app</h1>');
    } else if (requestUrl.pathname === '/frontchannel-logout') {
      // OIDC Front-Channel Logout 1.0 section 4: from this issuer, end the sessions of that sid.
      frontchannelCalls.push(requestUrl.searchParams);
      const sid = requestUrl.searchParams.get('sid');
      if (requestUrl.searchParams.get('iss') === issuer && sid) {
        for (const [id, session] of sessions) {
          if (session.sid === sid) {
            sessions.delete(id);
          }
        }
      }
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
      res.end('<!doctype html><title>Signed out</title>');
    } else if (requestUrl.pathname === '/login') {
      void (async () => {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const nonce = oidc.randomNonce();
        pending.set(state, { verifier, nonce });
        // Also a login initiation endpoint (OpenID Connect Core 1.0, section 4): a login_hint is passed on.
        const loginHint = requestUrl.searchParams.get('login_hint');
        const target = oidc.buildAuthorizationUrl(config, {
          redirect_uri: redirectUri, scope: 'openid email profile', state, nonce,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
          ...(loginHint ? { login_hint: loginHint } : {}),
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
        .then((tokens) => {
          const claims = tokens.claims()!;
          const id = randomBytes(16).toString('base64url');
          sessions.set(id, { email: String(claims.email), sid: typeof claims['sid'] === 'string' ? claims['sid'] : undefined, idToken: tokens.id_token! });
          res.setHeader('set-cookie', `${cookieName}=${id}; Path=/; HttpOnly; SameSite=Lax`);
          html(200, `<h1>Signed in</h1><p id="user">${escapeHtml(String(claims.email))}</p>`);
        })
        .catch((error: Error) => html(400, `<h1>Sign-in failed</h1><p>${escapeHtml(error.message)}</p>`));
    } else {
      html(404, '<h1>Not found</h1>');
    }
  });
  await new Promise<void>((resolve) => server.listen(port, HOST, resolve));
  return {
    url, clientId, redirectUri, postLogoutRedirectUri: uris.postLogoutRedirectUri, frontchannelLogoutUri: uris.frontchannelLogoutUri, frontchannelCalls,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

/**
 * The demo app, registered in a test app as the first-party client `clientId` (demo-app), with its
 * post-logout URI; `frontchannel`: with its front-channel logout URI too.
 */
export function startDemoRpFor(app: TestApp, options: { clientId?: string; frontchannel?: boolean } = {}): Promise<DemoRp> {
  const clientId = options.clientId ?? 'demo-app';
  return startDemoRp(app.issuer, async (uris) => {
    const secret = randomBytes(32).toString('base64url');
    await app.services.clients.create({
      clientId, name: clientId, secret, redirectUris: [uris.redirectUri], postLogoutRedirectUris: [uris.postLogoutRedirectUri], firstParty: true,
      ...(options.frontchannel ? { frontchannelLogoutUri: uris.frontchannelLogoutUri } : {}),
    });
    return { clientId, secret };
  });
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
