// Outbound requests whose URL a tenant chose cannot be aimed inward (SSRF): every notation of loopback,
// private, link-local and other special addresses is refused before any connection is made; names are
// resolved once and the connection goes to the checked address; each redirect is checked again; answers
// are capped and timed out. Tenants (the Admin API's 'Test the connection') see one plain message.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';

import type { LookupAddress } from 'node:dns';

import { generateKeyPair, SignJWT } from 'jose';
import type { z } from 'zod';

import type { connectionTestOut } from '../../../src/admin/admin-schemas.js';
import { OutboundError } from '../../../src/outbound/outbound-error.js';
import { createOutbound } from '../../../src/outbound/outbound.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { freePort } from '../../helpers/free-port.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { api, createOrganization, serviceToken } from '../admin/admin-helpers.js';

/** A TCP listener that only counts who connected: an internal service (Redis, PostgreSQL, metadata). */
interface Listener { readonly port: number; connections: number; close(): Promise<void> }

async function listener(host: string): Promise<Listener> {
  const port = await freePort(host);
  const state = { connections: 0 };
  const server: Server = createServer((socket) => {
    state.connections += 1;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return Object.assign(state, { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
}

/** An HTTP server on `host` answering with `handler`. */
async function web(host: string, handler: Parameters<typeof createHttpServer>[1]): Promise<{ origin: string; close(): Promise<void> }> {
  const port = await freePort(host);
  const server: HttpServer = createHttpServer(handler);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return {
    origin: `http://${host}:${port}`,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

const names = new Map<string, string[]>();
const resolve = async (hostname: string): Promise<LookupAddress[]> => {
  const addresses = names.get(hostname) ?? (hostname === 'localhost' ? ['127.0.0.1', '::1'] : []);
  return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};
// The operator allows 127.0.0.21 (an on-premises provider); nothing else that is not public.
const outbound = createOutbound({ allowedHosts: ['idp.corp.test'], allowedRanges: ['127.0.0.21'], timeoutSeconds: 1, resolve });

async function refusal(url: string, init?: RequestInit): Promise<OutboundError> {
  const error = await outbound.public(url, init).then(() => undefined, (caught: unknown) => caught);
  expect(error).toBeInstanceOf(OutboundError);
  return error as OutboundError;
}

describe('the guarded client', () => {
  let inside: Listener;
  beforeAll(async () => {
    inside = await listener('127.0.0.1');
  });
  afterAll(() => inside.close());

  test('refuses loopback, private and special addresses in every notation, before connecting', async () => {
    const port = inside.port;
    const urls = [
      `http://127.0.0.1:${port}/`, `http://localhost:${port}/`, `http://127.1:${port}/`, `http://2130706433:${port}/`,
      `http://0177.0.0.1:${port}/`, `http://0x7f.0.0.1:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`, `http://[::ffff:7f00:1]:${port}/`,
      `http://[::1]:${port}/`, `http://[::]:${port}/`, `http://0.0.0.0:${port}/`, `http://[::127.0.0.1]:${port}/`,
      `http://[64:ff9b::7f00:1]:${port}/`, `http://[2002:7f00:1::1]:${port}/`,
      'https://169.254.169.254/latest/meta-data/', 'https://10.0.0.1/', 'https://172.16.5.4/', 'https://192.168.1.1/',
      'https://100.64.0.1/', 'https://[fd00::1]/', 'https://[fe80::1]/', 'https://224.0.0.1/', 'https://255.255.255.255/',
    ];
    for (const url of urls) {
      expect({ url, reason: (await refusal(url)).reason }).toEqual({ url, reason: 'refused_address' });
    }
    expect(inside.connections).toBe(0);
  });

  test('refuses a name that resolves inward, even when it also resolves outward', async () => {
    names.set('inward.example', ['127.0.0.1']);
    names.set('mixed.example', ['93.184.215.14', '10.1.2.3']);
    expect((await refusal(`http://inward.example:${inside.port}/`)).reason).toBe('refused_address');
    expect((await refusal('http://mixed.example/')).reason).toBe('refused_address');
    expect(inside.connections).toBe(0);
  });

  test('only http(s)', async () => {
    expect((await refusal('file:///etc/passwd')).reason).toBe('bad_url');
    expect((await refusal('gopher://127.0.0.21:70/')).reason).toBe('bad_url');
  });

  test('connects to the address it checked: a name that later resolves inward is refused at its next connection', async () => {
    const allowed = await web('127.0.0.21', (_req, res) => res.end('on premises'));
    const port = new URL(allowed.origin).port;
    names.set('rebinding.example', ['127.0.0.21']);
    expect(await (await outbound.public(`http://rebinding.example:${port}/`)).text()).toBe('on premises');
    names.set('rebinding.example', ['127.0.0.1']);
    expect((await refusal(`http://rebinding.example:${inside.port}/`)).reason).toBe('refused_address');
    expect(inside.connections).toBe(0);
    // A name the operator allowed may resolve to a private address.
    names.set('idp.corp.test', ['127.0.0.21']);
    expect((await outbound.public(`http://idp.corp.test:${port}/`)).status).toBe(200);
    await allowed.close();
  });

  test('checks every redirect again, and follows only a few', async () => {
    const redirector = await web('127.0.0.21', (req, res) => {
      const hops = Number(new URL(req.url!, 'http://x').searchParams.get('hops') ?? '0');
      const to = req.url!.startsWith('/inward') ? `http://127.0.0.1:${inside.port}/` : `/loop?hops=${hops + 1}`;
      res.writeHead(302, { location: to }).end();
    });
    expect((await refusal(`${redirector.origin}/inward`)).reason).toBe('refused_address');
    expect(inside.connections).toBe(0);
    expect((await refusal(`${redirector.origin}/loop`)).reason).toBe('too_many_redirects');
    expect((await refusal(`${redirector.origin}/loop`, { redirect: 'error' })).reason).toBe('too_many_redirects');
    // openid-client asks for redirects by hand: it gets the 302 itself.
    expect((await outbound.public(`${redirector.origin}/loop`, { redirect: 'manual' })).status).toBe(302);
    await redirector.close();
  });

  test('caps the answer and times out', async () => {
    const big = await web('127.0.0.21', (req, res) => {
      if (req.url === '/slow') {
        return; // never answers
      }
      res.end(Buffer.alloc(2 * 1024 * 1024, 'x'));
    });
    expect((await refusal(`${big.origin}/big`)).reason).toBe('too_large');
    const started = Date.now();
    expect((await refusal(`${big.origin}/slow`)).reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5000);
    await big.close();
  });

  test("the operator's client reaches any address", async () => {
    const local = await web('127.0.0.1', (_req, res) => res.end('local'));
    expect(await (await outbound.any(`${local.origin}/`)).text()).toBe('local');
    await local.close();
  });
});

describe("a tenant's identity provider", () => {
  let app: TestApp;
  let token: string;
  let inside: Listener;

  beforeAll(async () => {
    // The operator allows 127.0.0.22 as an on-premises provider; nothing else that is not public.
    ({ app } = await createTestbed({ env: { OUTBOUND_ALLOW_PRIVATE: '127.0.0.22', FEDERATION_TIMEOUT: '2' } }));
    const acme = await createOrganization(app, 'Inward', 'inward.test');
    ({ token } = await serviceToken(app, acme.context));
    inside = await listener('127.0.0.1');
  });
  afterAll(async () => {
    await inside.close();
    await closeTestbed({ app });
  });

  const testIssuer = async (issuer: string) => {
    const set = await api(app, token, 'PUT', '/connection', { issuer, clientId: 'gotoassist', clientSecret: 'company-secret-company-secret-0123' });
    expect(set.status).toBe(200);
    return (await api<z.infer<typeof connectionTestOut>>(app, token, 'POST', '/connection/test')).body;
  };

  test('Test the connection does not reach internal addresses, and says the same for an open port and a closed one', async () => {
    const closed = await freePort('127.0.0.1');
    for (const issuer of [`http://127.0.0.1:${inside.port}`, `http://127.0.0.1:${closed}`, `http://localhost:${inside.port}`, `http://[::1]:${inside.port}`]) {
      const result = await testIssuer(issuer);
      expect(result).toEqual({ ok: false, steps: [{ name: 'Discovery', ok: false, detail: `${issuer}/.well-known/openid-configuration: could not reach the provider` }] });
    }
    expect(inside.connections).toBe(0);
  });

  test('nor the keys a public-looking provider points inward to', async () => {
    const issuer = await web('127.0.0.22', (req, res) => {
      const origin = `http://${req.headers.host}`;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({
        issuer: origin, authorization_endpoint: `${origin}/authorize`, token_endpoint: `${origin}/token`,
        jwks_uri: `http://127.0.0.1:${inside.port}/jwks`, response_types_supported: ['code'],
      }));
    });
    const result = await testIssuer(issuer.origin);
    expect(result.ok).toBe(false);
    expect(result.steps.at(-1)).toEqual({ name: 'Signing keys', ok: false, detail: `http://127.0.0.1:${inside.port}/jwks: could not reach the provider` });
    expect(inside.connections).toBe(0);
    await issuer.close();
  });

  test('what the operator sets at the command line may reach loopback', async () => {
    const local = await web('127.0.0.1', (req, res) => {
      const origin = `http://${req.headers.host}`;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ issuer: origin, authorization_endpoint: `${origin}/a`, token_endpoint: `${origin}/t`, jwks_uri: `${origin}/k` }));
    });
    const org = await app.services.organizations.create('Operated', ['operated.test']);
    const { connection } = await app.services.organizations.setConnection(org.id, { issuer: local.origin, clientId: 'c', clientSecret: 's' });
    expect(connection.setBy).toBe('operator');
    const check = await app.services.admin.settings.testConnection({ organizationId: org.id, actor: { id: 'operator', email: 'op@operated.test' }, request: {} });
    expect(check.steps[0]).toMatchObject({ name: 'Discovery', ok: true });
    await local.close();
  });
});

describe("a registered client's jwks_uri", () => {
  const INITIAL_ACCESS_TOKEN = 'registration-token-0123456789abcdef';
  let app: TestApp;
  let inside: Listener;

  beforeAll(async () => {
    app = await createTestApp({ env: { REGISTRATION_ENABLED: 'true', REGISTRATION_INITIAL_ACCESS_TOKEN: INITIAL_ACCESS_TOKEN } });
    inside = await listener('127.0.0.1');
  });
  afterAll(async () => {
    await inside.close();
    await app.close();
  });

  test('the provider does not fetch keys from an internal address: the client is refused, nothing is reached', async () => {
    const registered = await fetch(`${app.issuer}/reg`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${INITIAL_ACCESS_TOKEN}` },
      body: JSON.stringify({
        redirect_uris: ['https://app.example/callback'], grant_types: ['client_credentials'], response_types: [],
        token_endpoint_auth_method: 'private_key_jwt', jwks_uri: `http://127.0.0.1:${inside.port}/jwks`,
      }),
    });
    expect(registered.status).toBe(201);
    const { client_id: clientId } = (await registered.json()) as { client_id: string };

    const { privateKey } = await generateKeyPair('ES256');
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({ jti: `assertion-${now}` })
      .setProtectedHeader({ alg: 'ES256' }).setIssuer(clientId).setSubject(clientId).setAudience(app.issuer)
      .setIssuedAt(now).setExpirationTime(now + 60).sign(privateKey);
    const answer = await fetch(`${app.issuer}/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials', client_id: clientId,
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer', client_assertion: assertion,
      }),
    });
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(((await answer.json()) as { error: string }).error).toBe('invalid_client');
    expect(inside.connections).toBe(0);
  });
});
