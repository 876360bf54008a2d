// Redis under faults, on a private redis-server reached through a TCP proxy the test controls (PostgreSQL
// is a database of the test's own on the machine's server). Under steady token traffic:
// - the network black-holes Redis's bytes for five seconds: every request is still answered quickly (503
//   while the store cannot answer, never a 500 or a hang), and traffic succeeds again soon after the heal,
//   though the connections the cut starved never answer again;
// - Redis is killed and started again: requests fail fast while it is away, and with the append-only file
//   it keeps, the browser that was signed in still is and its refresh token still works.
// Each scenario prints its figures.
import * as oidc from 'openid-client';

import { TestBrowser } from '../helpers/browser.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { authorizationRequest, clientCredentialsRequest, discover, registerClient, signIn, toCallback, type TestClient } from '../helpers/relying-party.js';
import { createExternalStorage, type ExternalStorage } from '../helpers/test-storage.js';
import { describeOutcomes, faultUnderLoad, firstSuccessAfter, slowest, startLoad } from './helpers/load.js';
import { startPrivateRedis, type PrivateRedis } from './helpers/private-redis.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const COMMAND_TIMEOUT_MS = 1000;
const person = { email: 'faults@redis.test', password: 'redis faults person password', name: 'Redis Faults' };

let redis: PrivateRedis;
let proxy: TcpProxy;
let storage: ExternalStorage;
let app: TestApp;
let machine: TestClient;

beforeAll(async () => {
  redis = await startPrivateRedis();
  proxy = await startTcpProxy({ host: '127.0.0.1', port: redis.port });
  storage = await createExternalStorage();
  app = await createTestApp({
    external: storage,
    env: { REDIS_URL: `redis://127.0.0.1:${proxy.port}`, REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS) },
  });
  await app.services.accounts.create(person);
  machine = await registerClient(app, { grants: ['client_credentials'] });
}, 120_000);
afterAll(async () => {
  await app?.close();
  await storage?.drop();
  await proxy?.close();
  await redis?.stop();
});

/** A client_credentials token request: one store write each. */
const tokenRequest = (signal: AbortSignal) => clientCredentialsRequest(app.issuer, machine, { signal });

const ready = async () => (await fetch(`${app.server.managementUrl}/readyz`)).status;

test('Redis black-holed for five seconds: answered fast throughout (503, never 500 or a hang), back soon after the heal', async () => {
  const load = startLoad(tokenRequest, 4);
  const { beganAt: cutAt, endedAt: healedAt, probed: readyWhileCut } = await faultUnderLoad(load, {
    begin: () => proxy.cut(), end: () => proxy.heal(), lastsMs: 5000, afterMs: 8000, probe: ready,
  });

  const during = load.outcomes.filter((outcome) => outcome.start >= cutAt + COMMAND_TIMEOUT_MS && outcome.end <= healedAt);
  const recoveredAfter = (firstSuccessAfter(load.outcomes, healedAt)! - healedAt) / 1000;
  const settled = load.outcomes.filter((outcome) => outcome.start >= healedAt + 5000);
  console.log(`Redis black-holed 5 s under token traffic: ${describeOutcomes(load.outcomes, during, 'while cut')}; `
    + `readiness ${readyWhileCut}; first success ${recoveredAfter.toFixed(1)} s after the heal`);

  expect(load.outcomes.every((outcome) => outcome.status === 200 || outcome.status === 503)).toBe(true);
  expect(slowest(load.outcomes)).toBeLessThan(3 * COMMAND_TIMEOUT_MS);
  expect(during.length).toBeGreaterThan(0);
  expect(during.every((outcome) => outcome.status === 503)).toBe(true);
  expect(readyWhileCut).toBe(503);
  expect(recoveredAfter).toBeLessThan(5);
  expect(settled.length).toBeGreaterThan(0);
  expect(settled.every((outcome) => outcome.status === 200)).toBe(true);
  expect(await ready()).toBe(200);
}, 60_000);

test('Redis killed and started again: fast 503s while it is away, and with its append-only file nobody is signed out', async () => {
  const rp = await discover(app, await registerClient(app, { firstParty: true }));
  const browser = new TestBrowser();
  const { tokens } = await signIn(rp, browser, { ...person, remember: true }, { scope: 'openid email offline_access', prompt: 'consent' });

  const load = startLoad(tokenRequest, 4);
  const { beganAt: killedAt, endedAt: restartedAt, probed: readyWhileDown } = await faultUnderLoad(load, {
    begin: () => redis.kill(), end: () => redis.start(), lastsMs: 3000, afterMs: 6000, probe: ready,
  });

  const during = load.outcomes.filter((outcome) => outcome.start >= killedAt + 200 && outcome.end <= restartedAt);
  const recoveredAfter = (firstSuccessAfter(load.outcomes, restartedAt)! - restartedAt) / 1000;
  console.log(`Redis killed for 3 s under token traffic: ${describeOutcomes(load.outcomes, during, 'while down')}; `
    + `readiness ${readyWhileDown}; first success ${recoveredAfter.toFixed(1)} s after the restart`);

  expect(load.outcomes.every((outcome) => outcome.status === 200 || outcome.status === 503)).toBe(true);
  expect(slowest(load.outcomes)).toBeLessThan(3 * COMMAND_TIMEOUT_MS);
  expect(during.length).toBeGreaterThan(0);
  expect(during.every((outcome) => outcome.status === 503)).toBe(true);
  expect(readyWhileDown).toBe(503);
  expect(recoveredAfter).toBeLessThan(5);

  // What Redis acknowledged before the kill is still there.
  const request = await authorizationRequest(rp, { prompt: 'none' });
  const outcome = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  expect(new URL(outcome.stoppedAt!).searchParams.has('code')).toBe(true);
  expect((await oidc.refreshTokenGrant(rp, tokens.refresh_token!)).access_token).toBeDefined();
}, 60_000);
