// Redis behind Sentinel (REDIS_SENTINELS): a private primary, a replica and three sentinels of the test's own.
// Under steady token traffic the primary is killed and not brought back: requests fail fast (503, never a 500
// or a hang) until the sentinels have promoted the replica, then succeed again against it without a restart;
// the browser that was signed in still is, and its refresh token still works (the replica had the data).
// As in production, the data nodes and the sentinels each ask for a password of their own.
// It prints its figures.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import * as oidc from 'openid-client';

import { TestBrowser } from '../helpers/browser.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { authorizationRequest, clientCredentialsRequest, discover, registerClient, signIn, toCallback, type TestClient } from '../helpers/relying-party.js';
import { createExternalStorage, type ExternalStorage } from '../helpers/test-storage.js';
import { describeOutcomes, firstSuccessAfter, sleep, slowest, startLoad } from './helpers/load.js';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis.js';
import { startPrivateSentinels, type PrivateSentinels } from './helpers/private-sentinels.js';

const run = promisify(execFile);
const COMMAND_TIMEOUT_MS = 1000;
const DATA_PASSWORD = 'data-nodes-password';
const SENTINEL_PASSWORD = 'sentinels-password';
const person = { email: 'faults@sentinel.test', password: 'sentinel faults person password', name: 'Sentinel Faults' };

let primary: PrivateRedis;
let replica: PrivateRedis;
let sentinels: PrivateSentinels;
let storage: ExternalStorage;
let app: TestApp;
let machine: TestClient;

const replicationLinkUp = async (port: number) =>
  (await run('redis-cli', ['-p', String(port), 'info', 'replication'], { timeout: 2000, env: { ...process.env, REDISCLI_AUTH: DATA_PASSWORD } })).stdout.includes('master_link_status:up');

beforeAll(async () => {
  primary = await startPrivateRedis([], { password: DATA_PASSWORD });
  replica = await startPrivateRedis(['--replicaof', '127.0.0.1', String(primary.port)], { password: DATA_PASSWORD });
  while (!(await replicationLinkUp(replica.port))) {
    await sleep(100);
  }
  sentinels = await startPrivateSentinels(primary.port, 1, 'faults', { sentinelPassword: SENTINEL_PASSWORD, dataPassword: DATA_PASSWORD });
  storage = await createExternalStorage();
  app = await createTestApp({
    external: storage,
    env: {
      REDIS_URL: '', REDIS_SENTINELS: sentinels.addresses.join(','), REDIS_SENTINEL_NAME: sentinels.name,
      REDIS_PASSWORD: DATA_PASSWORD, REDIS_SENTINEL_PASSWORD: SENTINEL_PASSWORD,
      REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
    },
  });
  await app.services.accounts.create(person);
  machine = await registerClient(app, { grants: ['client_credentials'] });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await storage?.drop();
  await sentinels?.stop();
  await replica?.stop();
  await primary?.stop();
});

const tokenRequest = (signal: AbortSignal) => clientCredentialsRequest(app.issuer, machine, { signal });

test('the primary killed: fast 503s until the replica is promoted, then traffic succeeds on it and nobody is signed out', async () => {
  const rp = await discover(app, await registerClient(app, { firstParty: true }));
  const browser = new TestBrowser();
  const { tokens } = await signIn(rp, browser, { ...person, remember: true }, { scope: 'openid email offline_access', prompt: 'consent' });
  // The replica has what the primary acknowledged (asynchronous replication: give it a moment).
  await sleep(500);

  const load = startLoad(tokenRequest, 4);
  await sleep(1500);
  const killedAt = load.now();
  await primary.kill();
  let promotedAt: number | undefined;
  while (promotedAt === undefined && load.now() - killedAt < 30_000) {
    if (await sentinels.primaryPort() === replica.port) {
      promotedAt = load.now();
    }
    await sleep(50);
  }
  await sleep(6000);
  await load.stop();

  expect(promotedAt).toBeDefined();
  const recoveredAt = firstSuccessAfter(load.outcomes, killedAt + 100);
  const during = load.outcomes.filter((outcome) => outcome.start >= killedAt + 100 && outcome.end <= promotedAt!);
  const settled = load.outcomes.filter((outcome) => outcome.start >= promotedAt! + 3000);
  console.log(`Sentinel: primary killed under token traffic: ${describeOutcomes(load.outcomes, during, 'until promoted')}; `
    + `replica promoted ${((promotedAt! - killedAt) / 1000).toFixed(1)} s after the kill, `
    + `first success ${((recoveredAt! - killedAt) / 1000).toFixed(1)} s after it`);

  expect(load.outcomes.every((outcome) => outcome.status === 200 || outcome.status === 503)).toBe(true);
  expect(slowest(load.outcomes)).toBeLessThan(3 * COMMAND_TIMEOUT_MS);
  expect(during.length).toBeGreaterThan(0);
  expect(during.every((outcome) => outcome.status === 503)).toBe(true);
  expect(recoveredAt! - promotedAt!).toBeLessThan(5000);
  expect(settled.length).toBeGreaterThan(0);
  expect(settled.every((outcome) => outcome.status === 200)).toBe(true);
  expect((await fetch(`${app.server.managementUrl}/readyz`)).status).toBe(200);

  // What the primary acknowledged before the kill is on the promoted replica.
  const request = await authorizationRequest(rp, { prompt: 'none' });
  const outcome = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  expect(new URL(outcome.stoppedAt!).searchParams.has('code')).toBe(true);
  expect((await oidc.refreshTokenGrant(rp, tokens.refresh_token!)).access_token).toBeDefined();
}, 90_000);
