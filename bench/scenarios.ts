// The requests the benchmark compares between this server and the bare library, each with its
// concurrency and its target ratio (this server's throughput over the bare library's, in the same run).
import { CALLBACK, type BenchServer } from './servers.js';
import { authorizePath, basic } from './fixtures.js';
import type { Scenario } from './load-spec.js';

export interface ServerFixtures {
  readonly cookie: string;
  readonly accessToken: string;
  readonly refreshTokens: readonly string[];
}

export interface ComparedScenario {
  readonly name: string;
  readonly connections: number;
  /** The least ratio (ours / bare) this server must reach. */
  readonly target: number;
  build(server: BenchServer, fixtures: ServerFixtures): Scenario;
}

const form = { 'content-type': 'application/x-www-form-urlencoded' };

export const REFRESH_CONNECTIONS = 8;

export const SCENARIOS: readonly ComparedScenario[] = [
  {
    name: 'client_credentials (opaque)', connections: 32, target: 0.9,
    build: (server) => ({
      kind: 'static', method: 'POST', path: '/token', expect: 200, body: 'grant_type=client_credentials',
      headers: { ...form, authorization: basic(server.serviceClient) },
    }),
  },
  {
    name: 'refresh_token (rotating)', connections: REFRESH_CONNECTIONS, target: 0.85,
    build: (server, fixtures) => ({
      kind: 'refresh', path: '/token', refreshTokens: fixtures.refreshTokens, headers: { ...form, authorization: basic(server.webClient) },
    }),
  },
  {
    name: 'code flow, signed in (authorize + code exchange)', connections: 8, target: 0.85,
    build: (server, fixtures) => ({
      kind: 'code', authorizePath: authorizePath(server, { prompt: 'none' }), cookie: fixtures.cookie, tokenPath: '/token',
      headers: { ...form, authorization: basic(server.webClient) }, redirectUri: CALLBACK,
    }),
  },
  {
    name: 'userinfo', connections: 32, target: 0.85,
    build: (_server, fixtures) => ({
      kind: 'static', method: 'GET', path: '/me', expect: 200, headers: { authorization: `Bearer ${fixtures.accessToken}` },
    }),
  },
  {
    name: 'introspection', connections: 32, target: 0.85,
    build: (server, fixtures) => ({
      kind: 'static', method: 'POST', path: '/token/introspection', expect: 200, body: `token=${fixtures.accessToken}`,
      headers: { ...form, authorization: basic(server.webClient) },
    }),
  },
  {
    name: 'discovery', connections: 32, target: 0.85,
    build: () => ({ kind: 'static', method: 'GET', path: '/.well-known/openid-configuration', expect: 200, headers: {} }),
  },
  {
    name: 'JWKS', connections: 32, target: 0.85,
    build: () => ({ kind: 'static', method: 'GET', path: '/jwks', expect: 200, headers: {} }),
  },
];
