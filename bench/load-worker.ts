// The load generator, run by the benchmark as a separate process (pinned to its own core where taskset
// exists), so that it never shares the server's process or core. Reads a LoadSpec (file path in argv),
// prints a LoadReport.
import { readFileSync } from 'node:fs';

import autocannon from 'autocannon';
import * as oidc from 'openid-client';

import { TestBrowser } from '../test/helpers/browser.js';
import { signInThroughForms } from '../test/helpers/relying-party.js';
import { REPORT_PREFIX, type LoadReport, type LoadSpec, type Scenario } from './load-spec.js';

const spec = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as LoadSpec;

let failed = 0;
/** autocannon's per-connection context, kept from one request of a sequence to the next. */
const bag = (context: object) => context as Record<string, unknown>;
const expectStatus = (expected: number) => (status: number) => {
  if (status !== expected) {
    failed += 1;
  }
};

let refreshPool: string[] | undefined;

function requestsFor(scenario: Scenario): autocannon.Request[] {
  switch (scenario.kind) {
    case 'static':
      return [{ method: scenario.method, path: scenario.path, headers: scenario.headers, ...(scenario.body ? { body: scenario.body } : {}),
        onResponse: expectStatus(scenario.expect) }];
    case 'refresh': {
      // Tokens rotate: a connection takes a token, and gives back the one its answer carries.
      const pool = [...scenario.refreshTokens];
      refreshPool = pool;
      return [{
        method: 'POST', path: scenario.path, headers: scenario.headers,
        setupRequest: (request, context) => {
          bag(context)['token'] = pool.shift();
          return { ...request, body: `grant_type=refresh_token&refresh_token=${encodeURIComponent(String(bag(context)['token']))}` };
        },
        onResponse: (status, body, context) => {
          const next = status === 200 ? (JSON.parse(body) as { refresh_token?: string }).refresh_token : undefined;
          if (!next) {
            failed += 1;
          }
          pool.push(next ?? String(bag(context)['token']));
        },
      }];
    }
    case 'code':
      return [
        {
          method: 'GET', path: scenario.authorizePath, headers: { cookie: scenario.cookie },
          onResponse: (status, _body, context, headers) => {
            const location = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === 'location')?.[1];
            const code = typeof location === 'string' ? new URL(location, spec.url).searchParams.get('code') : null;
            if (status < 300 || status >= 400 || !code) {
              failed += 1;
            }
            bag(context)['code'] = code ?? 'none';
          },
        },
        {
          method: 'POST', path: scenario.tokenPath, headers: scenario.headers,
          setupRequest: (request, context) => ({
            ...request,
            body: `grant_type=authorization_code&code=${encodeURIComponent(String(bag(context)['code']))}&redirect_uri=${encodeURIComponent(scenario.redirectUri)}`,
          }),
          onResponse: expectStatus(200),
        },
      ];
    case 'signin':
      throw new Error('sign-ins are not driven by autocannon');
  }
}

async function runAutocannon(scenario: Scenario): Promise<LoadReport> {
  const result = await autocannon({
    url: spec.url, connections: spec.connections, duration: spec.seconds, requests: requestsFor(scenario),
    // Sends the next request on a connection as soon as the answer came: a closed loop, like real clients.
    pipelining: 1, timeout: 10,
  });
  // A code flow is two requests: one operation.
  const perOperation = scenario.kind === 'code' ? 2 : 1;
  const answered = result.requests.total;
  const operations = Math.floor(answered / perOperation);
  const lost = result.errors + result.timeouts;
  return {
    ok: Math.max(0, operations - failed), failed: failed + lost, seconds: result.duration,
    perSecond: Math.max(0, operations - failed) / result.duration, p50ms: result.latency.p50, p99ms: result.latency.p99,
    ...(refreshPool ? { refreshTokens: refreshPool } : {}),
  };
}

async function runSignIns(scenario: Extract<Scenario, { kind: 'signin' }>): Promise<LoadReport> {
  const config = await oidc.discovery(new URL(spec.url), scenario.clientId, { client_secret: scenario.secret },
    oidc.ClientSecretBasic(scenario.secret), { execute: [oidc.allowInsecureRequests] });
  const latencies: number[] = [];
  const started = performance.now();
  const deadline = started + spec.seconds * 1000;
  const worker = async () => {
    while (performance.now() < deadline) {
      const begin = performance.now();
      try {
        const verifier = oidc.randomPKCECodeVerifier();
        const state = oidc.randomState();
        const url = oidc.buildAuthorizationUrl(config, {
          redirect_uri: scenario.redirectUri, scope: 'openid email profile', state,
          code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
        });
        const outcome = await signInThroughForms(new TestBrowser({ stopAt: (next) => next.startsWith(scenario.redirectUri) }), url.toString(),
          { email: scenario.email, password: scenario.password });
        if (!outcome.stoppedAt) {
          throw new Error(`stopped at ${outcome.page.url} (${outcome.page.status})`);
        }
        await oidc.authorizationCodeGrant(config, new URL(outcome.stoppedAt), { pkceCodeVerifier: verifier, expectedState: state });
        latencies.push(performance.now() - begin);
      } catch {
        failed += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: spec.connections }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { ok: latencies.length, failed, seconds, perSecond: latencies.length / seconds, p50ms: at(0.5), p99ms: at(0.99) };
}

const report = spec.scenario.kind === 'signin' ? await runSignIns(spec.scenario) : await runAutocannon(spec.scenario);
process.stdout.write(`${REPORT_PREFIX}${JSON.stringify(report)}\n`);
