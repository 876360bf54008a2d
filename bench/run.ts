// `npm run bench`: token-endpoint throughput (client_credentials) and full sign-ins per second against this
// server on PostgreSQL + Redis, and the same token-endpoint load against a bare oidc-provider with its
// in-memory adapter, in one run. Prints both and their ratio (target: at least 85 %).
import { join } from 'node:path';

import * as oidc from 'openid-client';

import { projectRoot } from '../src/core/project-root.js';
import { TestBrowser } from '../test/helpers/browser.js';
import { freePort } from '../test/helpers/free-port.js';
import { runCli, startServerProcess, type ServerProcess } from '../test/helpers/processes.js';
import { authorizationRequest, CALLBACK, discover, signInThroughForms } from '../test/helpers/relying-party.js';
import { createExternalStorage } from '../test/helpers/test-storage.js';
import { testSecrets } from '../test/helpers/test-secrets.js';
import { load, type LoadResult } from './load.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
// Rounds alternate between the two servers, and medians are compared: the machine's noise hits both alike.
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
// Enough clients to keep both servers busy: throughput, not latency, is compared.
const CONCURRENCY = Number(process.env['BENCH_CONCURRENCY'] ?? 64);
const SECRET = 'b'.repeat(40);
const TARGET = 0.85;

const tokenRequest = (issuer: string) => {
  const authorization = `Basic ${Buffer.from(`bench:${SECRET}`).toString('base64')}`;
  return async () => {
    const response = await fetch(`${issuer}/token`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    const body = (await response.json()) as { access_token?: string };
    if (!response.ok || !body.access_token) {
      throw new Error(`token endpoint answered ${response.status}`);
    }
  };
};

async function warmUpAndLoad(operation: () => Promise<void>, concurrency = CONCURRENCY): Promise<LoadResult> {
  await load(operation, { concurrency, seconds: 2 });
  return load(operation, { concurrency, seconds: SECONDS });
}

const median = (results: LoadResult[]) => [...results].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(results.length / 2)]!;

const line = (name: string, result: LoadResult) =>
  `${name.padEnd(48)} ${result.perSecond.toFixed(1).padStart(8)} /s   p50 ${result.p50ms.toFixed(1)} ms   p99 ${result.p99ms.toFixed(1)} ms   (${result.operations} ok, ${result.failures} failed)`;

const storage = await createExternalStorage();
const processes: ServerProcess[] = [];
try {
  const ourPort = await freePort();
  const ours = `http://127.0.0.1:${ourPort}`;
  const env = {
    ...storage.env, ...testSecrets(), ISSUER: ours, HOST: '127.0.0.1', PORT: String(ourPort), NODE_ENV: 'production', LOG_LEVEL: 'info',
    // Production requires SMTP; nothing in this benchmark sends mail (login verification is off).
    SMTP_URL: 'smtp://127.0.0.1:9',
    // The first-party GoToAssist client: no consent screen in the sign-in loop.
    GOTOASSIST_CLIENT_SECRET: SECRET, GOTOASSIST_REDIRECT_URIS: CALLBACK,
  };
  processes.push(await startServerProcess(env));
  await runCli(['client:create', '--id', 'bench', '--secret', SECRET, '--grant', 'client_credentials'], env);
  await runCli(['user:create', '--email', 'bench@example.com', '--password', 'benchmark password'], env);

  const barePort = await freePort();
  const bare = `http://127.0.0.1:${barePort}`;
  processes.push(await startServerProcess({ PORT: String(barePort), CLIENT_SECRET: SECRET }, 30_000, join(projectRoot, 'dist-bench', 'bench', 'bare-provider.js')));

  process.stdout.write(`token endpoint, client_credentials, ${CONCURRENCY} concurrent clients, ${ROUNDS} rounds of ${SECONDS} s each\n`);
  const bareRounds: LoadResult[] = [];
  const ourRounds: LoadResult[] = [];
  for (let round = 0; round < ROUNDS; round += 1) {
    bareRounds.push(await warmUpAndLoad(tokenRequest(bare)));
    process.stdout.write(`${line(`  round ${round + 1}: bare oidc-provider`, bareRounds[round]!)}\n`);
    ourRounds.push(await warmUpAndLoad(tokenRequest(ours)));
    process.stdout.write(`${line(`  round ${round + 1}: this server`, ourRounds[round]!)}\n`);
  }
  const bareResult = median(bareRounds);
  const ourResult = median(ourRounds);
  process.stdout.write(`${line('median: bare oidc-provider (in-memory adapter)', bareResult)}\n`);
  process.stdout.write(`${line('median: this server (PostgreSQL + Redis)', ourResult)}\n`);
  const ratio = ourResult.perSecond / bareResult.perSecond;
  process.stdout.write(`ratio: ${(ratio * 100).toFixed(1)} % of the bare library (target ${TARGET * 100} %)\n\n`);

  const rp = await discover({ issuer: ours }, { clientId: 'gotoassist', secret: SECRET, redirectUri: CALLBACK });
  const signIns = await warmUpAndLoad(async () => {
    const request = await authorizationRequest(rp);
    const outcome = await signInThroughForms(new TestBrowser(), request.url.toString(), { email: 'bench@example.com', password: 'benchmark password' });
    if (!outcome.stoppedAt) {
      throw new Error('sign-in did not finish');
    }
    await oidc.authorizationCodeGrant(rp, new URL(outcome.stoppedAt), {
      pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
    });
  }, 4);
  process.stdout.write(`full sign-in (authorize, email, password, code exchange), 4 concurrent users\n${line('this server (PostgreSQL + Redis)', signIns)}\n`);
  process.exitCode = ratio >= TARGET ? 0 : 1;
} finally {
  await Promise.all(processes.map((child) => child.stop()));
  await storage.drop();
}
