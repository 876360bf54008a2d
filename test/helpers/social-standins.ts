// Local stand-ins for social providers, speaking each one's protocol and profile format as documented:
// Google, Facebook and Microsoft (OAuth 2.0 and a profile API), LinkedIn (OpenID Connect) and Apple
// (OpenID Connect with response_mode=form_post and a client secret that is a JWT). Each has its own sign-in
// and consent page, remembers who signed in there (a cookie), and can be told to fail.
import { createHash, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

import { exportJWK, generateKeyPair, jwtVerify, SignJWT, type CryptoKey } from 'jose';

import { freePort } from './free-port.js';

export type StandInKind = 'google' | 'facebook' | 'microsoft' | 'linkedin' | 'apple';

export interface StandInUser {
  readonly id: string;
  readonly email: string;
  readonly name: string;
}

export interface SocialStandIn {
  readonly kind: StandInKind;
  readonly base: string;
  /** The settings that point this server at the stand-in. */
  readonly env: Record<string, string>;
  /** Its users, by the login name typed on its sign-in page. */
  readonly users: Map<string, StandInUser>;
  /** The next authorization answers with this error instead of a code. */
  failAuthorization: { error: string; description: string } | undefined;
  /** Parameters of every token request, to check PKCE and client authentication. */
  readonly tokenRequests: Record<string, string>[];
  close(): Promise<void>;
}

interface PendingCode {
  readonly user: StandInUser;
  readonly redirectUri: string;
  readonly challenge: string | undefined;
  readonly nonce: string | undefined;
}

const HOSTS: Record<StandInKind, string> = {
  google: '127.0.0.11', facebook: '127.0.0.12', microsoft: '127.0.0.13', linkedin: '127.0.0.14', apple: '127.0.0.15',
};

export async function startSocialStandIn(kind: StandInKind, client: { id: string; secret: string }): Promise<SocialStandIn> {
  const host = HOSTS[kind];
  const base = `http://${host}:${await freePort(host)}`;
  const signing = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(signing.publicKey)), kid: 'standin', alg: 'ES256', use: 'sig' };
  const apple = kind === 'apple' ? appleTeamKey() : undefined;
  const codes = new Map<string, PendingCode>();
  const tokens = new Map<string, StandInUser>();
  const consented = new Set<string>();
  const paths = endpoints(kind);
  const issuer = kind === 'linkedin' ? `${base}/oauth` : base;

  const standIn: SocialStandIn = {
    kind, base, users: new Map(), failAuthorization: undefined, tokenRequests: [],
    env: envFor(kind, base, client, apple?.pem),
    close: async () => undefined,
  };

  const answer = async (res: ServerResponse, request: URLSearchParams, user: StandInUser | undefined, error?: { error: string; description: string }) => {
    const redirectUri = request.get('redirect_uri')!;
    const params: Record<string, string> = { state: request.get('state') ?? '' };
    if (error || !user) {
      Object.assign(params, { error: error?.error ?? 'access_denied', error_description: error?.description ?? 'The user cancelled.' });
    } else {
      const code = randomBytes(16).toString('hex');
      codes.set(code, { user, redirectUri, challenge: request.get('code_challenge') ?? undefined, nonce: request.get('nonce') ?? undefined });
      params['code'] = code;
      if (kind === 'apple' && !consented.has(`apple:${user.id}`)) {
        // Apple sends the name only with the first authorization of the app.
        const [firstName, lastName] = user.name.split(' ');
        params['user'] = JSON.stringify({ name: { firstName, lastName }, email: user.email });
      }
      consented.add(`${kind}:${user.id}`);
    }
    if (kind === 'apple' && request.get('response_mode') === 'form_post') {
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><html><body onload="document.forms[0].submit()"><form method="post" action="${redirectUri}">${
        Object.entries(params).map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}">`).join('')
      }<noscript><button type="submit">Continue</button></noscript></form></body></html>`);
      return;
    }
    const target = new URL(redirectUri);
    for (const [name, value] of Object.entries(params)) {
      target.searchParams.set(name, value);
    }
    res.writeHead(302, { location: target.toString() });
    res.end();
  };

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(error.message);
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', base);
    const body = new URLSearchParams(await readBody(req));
    const signedIn = /standin_user=([A-Za-z0-9_-]+)/.exec(req.headers.cookie ?? '')?.[1];
    const json = (status: number, value: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(value));
    };

    if (url.pathname === paths.authorize) {
      if (url.searchParams.get('client_id') !== client.id) {
        return json(400, { error: 'invalid_client' });
      }
      if (standIn.failAuthorization) {
        const error = standIn.failAuthorization;
        standIn.failAuthorization = undefined;
        return answer(res, url.searchParams, undefined, error);
      }
      const user = signedIn ? standIn.users.get(signedIn) : undefined;
      if (user && consented.has(`${kind}:${user.id}`)) {
        return answer(res, url.searchParams, user); // signed in at the provider and approved before: no further steps
      }
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(`<!doctype html><html><head><title>${kind} sign-in</title></head><body><h1>Sign in to ${kind}</h1>
        <form method="post" action="${paths.authorize}/decide"><input type="hidden" name="request" value="${escape(url.searchParams.toString())}">
        <label>User <input name="user" value="${escape(signedIn ?? '')}"></label>
        <button type="submit" name="decision" value="allow">Allow</button>
        <button type="submit" name="decision" value="deny">Cancel</button></form></body></html>`);
      return;
    }
    if (url.pathname === `${paths.authorize}/decide`) {
      const request = new URLSearchParams(body.get('request') ?? '');
      const login = body.get('user') ?? '';
      const user = standIn.users.get(login);
      if (user && /^[A-Za-z0-9_-]+$/.test(login)) {
        res.setHeader('set-cookie', `standin_user=${login}; Path=/; HttpOnly`); // who is signed in here, by login name
      }
      return answer(res, request, body.get('decision') === 'allow' ? user : undefined);
    }
    if (url.pathname === paths.token) {
      const params = Object.fromEntries([...url.searchParams, ...body]);
      standIn.tokenRequests.push(params);
      const pending = codes.get(params['code'] ?? '');
      codes.delete(params['code'] ?? '');
      if (!(await clientAuthenticated(req, params)) || !pending || pending.redirectUri !== params['redirect_uri']) {
        return json(400, { error: pending ? 'invalid_client' : 'invalid_grant' });
      }
      if (pending.challenge && createHash('sha256').update(params['code_verifier'] ?? '').digest('base64url') !== pending.challenge) {
        return json(400, { error: 'invalid_grant', error_description: 'PKCE verification failed' });
      }
      const accessToken = randomBytes(16).toString('hex');
      tokens.set(accessToken, pending.user);
      const idToken = kind === 'linkedin' || kind === 'apple' ? await idTokenFor(pending) : undefined;
      return json(200, { access_token: accessToken, token_type: 'Bearer', expires_in: 3600, ...(idToken ? { id_token: idToken } : {}) });
    }
    if (url.pathname === paths.profile) {
      // As a strict server does (RFC 6750 5.3: proxies and logs keep URLs): the token in the header only.
      if (url.searchParams.has('access_token')) {
        return json(400, { error: 'invalid_request', error_description: 'access tokens must not be provided via query parameter' });
      }
      const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
      const user = tokens.get(token);
      return user ? json(200, profileOf(kind, user)) : json(401, { error: 'invalid_token' });
    }
    if (url.pathname === paths.discovery) {
      return json(200, {
        issuer, authorization_endpoint: `${base}${paths.authorize}`, token_endpoint: `${base}${paths.token}`,
        jwks_uri: `${base}${paths.jwks}`, userinfo_endpoint: kind === 'linkedin' ? `${base}${paths.profile}` : undefined,
        response_types_supported: ['code'], subject_types_supported: ['public'], id_token_signing_alg_values_supported: ['ES256'],
        response_modes_supported: kind === 'apple' ? ['query', 'fragment', 'form_post'] : ['query'],
        token_endpoint_auth_methods_supported: ['client_secret_post'],
      });
    }
    if (url.pathname === paths.jwks) {
      return json(200, { keys: [jwk] });
    }
    res.writeHead(404);
    res.end();
  }

  async function clientAuthenticated(req: IncomingMessage, params: Record<string, string>): Promise<boolean> {
    if (kind === 'apple') {
      // The client secret is a JWT signed with the team's key.
      try {
        const { payload, protectedHeader } = await jwtVerify(params['client_secret'] ?? '', apple!.publicKey, { issuer: APPLE_TEAM, audience: base, subject: client.id });
        return protectedHeader.kid === APPLE_KEY && typeof payload.exp === 'number';
      } catch {
        return false;
      }
    }
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const [id, secret] = basic ? Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent) : [params['client_id'], params['client_secret']];
    return id === client.id && secret === client.secret;
  }

  function idTokenFor(pending: PendingCode): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      email: pending.user.email, email_verified: kind === 'apple' ? 'true' : true, ...(kind === 'linkedin' ? { name: pending.user.name } : {}),
      ...(pending.nonce ? { nonce: pending.nonce } : {}),
    }).setProtectedHeader({ alg: 'ES256', kid: 'standin' }).setIssuer(issuer).setSubject(pending.user.id)
      .setAudience(client.id).setIssuedAt(now).setExpirationTime(now + 600).sign(signing.privateKey as CryptoKey);
  }

  await new Promise<void>((resolve) => server.listen(Number(new URL(base).port), host, resolve));
  standIn.close = () => new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
  return standIn;
}

const APPLE_TEAM = 'TEAM123456';
const APPLE_KEY = 'KEY1234567';

function appleTeamKey(): { pem: string; publicKey: KeyObject } {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return { pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), publicKey };
}

function endpoints(kind: StandInKind) {
  switch (kind) {
    case 'google': return { authorize: '/o/oauth2/v2/auth', token: '/token', profile: '/v1/userinfo', discovery: '', jwks: '' };
    case 'facebook': return { authorize: '/v19.0/dialog/oauth', token: '/v19.0/oauth/access_token', profile: '/v19.0/me', discovery: '', jwks: '' };
    case 'microsoft': return { authorize: '/common/oauth2/v2.0/authorize', token: '/common/oauth2/v2.0/token', profile: '/v1.0/me/', discovery: '', jwks: '' };
    case 'linkedin': return {
      authorize: '/oauth/v2/authorization', token: '/oauth/v2/accessToken', profile: '/v2/userinfo',
      discovery: '/oauth/.well-known/openid-configuration', jwks: '/oauth/openid/jwks',
    };
    case 'apple': return { authorize: '/auth/authorize', token: '/auth/token', profile: '', discovery: '/.well-known/openid-configuration', jwks: '/auth/keys' };
  }
}

function envFor(kind: StandInKind, base: string, client: { id: string; secret: string }, applePem: string | undefined): Record<string, string> {
  const paths = endpoints(kind);
  switch (kind) {
    case 'google': return {
      GOOGLE_CLIENT_ID: client.id, GOOGLE_CLIENT_SECRET: client.secret, GOOGLE_AUTHORIZATION_URL: `${base}${paths.authorize}`,
      GOOGLE_TOKEN_URL: `${base}${paths.token}`, GOOGLE_USERINFO_URL: `${base}${paths.profile}`,
    };
    case 'facebook': return {
      FACEBOOK_APP_ID: client.id, FACEBOOK_APP_SECRET: client.secret, FACEBOOK_AUTHORIZATION_URL: `${base}${paths.authorize}`,
      FACEBOOK_TOKEN_URL: `${base}${paths.token}`, FACEBOOK_PROFILE_URL: `${base}${paths.profile}`,
    };
    case 'microsoft': return {
      MICROSOFT_CLIENT_ID: client.id, MICROSOFT_CLIENT_SECRET: client.secret, MICROSOFT_AUTHORIZATION_URL: `${base}${paths.authorize}`,
      MICROSOFT_TOKEN_URL: `${base}${paths.token}`, MICROSOFT_GRAPH_API: base,
    };
    case 'linkedin': return { LINKEDIN_CLIENT_ID: client.id, LINKEDIN_CLIENT_SECRET: client.secret, LINKEDIN_ISSUER: `${base}/oauth` };
    case 'apple': return { APPLE_CLIENT_ID: client.id, APPLE_TEAM_ID: APPLE_TEAM, APPLE_KEY_ID: APPLE_KEY, APPLE_PRIVATE_KEY: applePem!, APPLE_ISSUER: base };
  }
}

/** The profile each provider's API returns, as documented. */
function profileOf(kind: StandInKind, user: StandInUser): Record<string, unknown> {
  switch (kind) {
    case 'google': return { sub: user.id, email: user.email, email_verified: true, name: user.name, given_name: user.name.split(' ')[0] };
    case 'facebook': return { id: user.id, name: user.name, email: user.email };
    case 'microsoft': return { id: user.id, displayName: user.name, mail: user.email, userPrincipalName: user.email };
    case 'linkedin': return { sub: user.id, name: user.name, email: user.email, email_verified: true };
    case 'apple': return {};
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString(); });
    req.on('end', () => resolve(body));
  });
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
