// PostgreSQL under faults, on a private server (initdb + pg_ctl on a port of its own) reached through a TCP
// proxy the test controls (Redis is the machine's, under a key prefix of the test's own). Under steady
// traffic that reads the database on every request (userinfo), with account writes beside it:
// - PostgreSQL restarts: no 500, a few 503s at most, traffic back within seconds, and every write that was
//   acknowledged is there exactly once;
// - the network black-holes PostgreSQL's bytes for five seconds: requests are answered 503 in bounded time
//   (DATABASE_QUERY_TIMEOUT_MS) instead of hanging, and traffic succeeds again soon after the heal.
// Each scenario prints its figures.
import * as oidc from 'openid-client';
import pg from 'pg';

import { TestBrowser } from '../helpers/browser.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { discover, registerClient, signIn } from '../helpers/relying-party.js';
import { deleteRedisKeys, TEST_REDIS_URL, type ExternalStorage } from '../helpers/test-storage.js';
import { countStatuses, describeOutcomes, faultUnderLoad, firstSuccessAfter, sleep, slowest, startLoad } from './helpers/load.js';
import { startPrivatePostgres, type PrivatePostgres } from './helpers/private-postgres.js';
import { startTcpProxy, type TcpProxy } from './helpers/tcp-proxy.js';

const QUERY_TIMEOUT_MS = 2000;
const person = { email: 'faults@postgres.test', password: 'postgres faults person password', name: 'Postgres Faults' };

let postgres: PrivatePostgres;
let proxy: TcpProxy;
let app: TestApp;
let accessToken: string;
let sub: string;

beforeAll(async () => {
  postgres = await startPrivatePostgres();
  proxy = await startTcpProxy({ host: '127.0.0.1', port: postgres.port });
  const keyPrefix = `idp-faults:${process.pid}:`;
  const url = new URL(postgres.url);
  url.port = String(proxy.port);
  const storage: ExternalStorage = {
    env: { DATABASE_URL: url.toString(), REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: keyPrefix },
    databaseUrl: url.toString(),
    redisUrl: TEST_REDIS_URL,
    keyPrefix,
    drop: () => deleteRedisKeys(keyPrefix),
  };
  app = await createTestApp({ external: storage, env: { DATABASE_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS) } });
  await app.services.accounts.create(person);
  const rp = await discover(app, await registerClient(app, { firstParty: true }));
  const { tokens } = await signIn(rp, new TestBrowser(), person);
  accessToken = tokens.access_token;
  sub = tokens.claims()!.sub;
  expect(await oidc.fetchUserInfo(rp, accessToken, sub)).toMatchObject({ email: person.email });
}, 180_000);
afterAll(async () => {
  await app?.close();
  await deleteRedisKeys(`idp-faults:${process.pid}:`);
  await proxy?.close();
  await postgres?.stop();
});

/** userinfo: the token from Redis, the account from PostgreSQL. */
const userinfo = (signal: AbortSignal) => fetch(`${app.issuer}/me`, { signal, headers: { authorization: `Bearer ${accessToken}` } });

/** Creates accounts one after another; keeps the emails whose creation was acknowledged, and those that failed. */
function startWriter() {
  const acknowledged: string[] = [];
  const failed: string[] = [];
  let running = true;
  let next = 0;
  const done = (async () => {
    while (running) {
      const email = `written-${next++}@postgres.test`;
      try {
        await app.services.accounts.create({ email, name: 'Written', password: 'written account password' });
        acknowledged.push(email);
      } catch {
        failed.push(email);
        await sleep(100);
      }
    }
  })();
  return { acknowledged, failed, stop: async () => { running = false; await done; } };
}

async function countAccounts(emails: readonly string[]): Promise<Map<string, number>> {
  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const { rows } = await client.query<{ email: string; count: string }>(
      'SELECT email, count(*) AS count FROM accounts WHERE email = ANY($1) GROUP BY email', [emails]);
    return new Map(rows.map((row) => [row.email, Number(row.count)]));
  } finally {
    await client.end();
  }
}

const ready = async () => (await fetch(`${app.server.managementUrl}/readyz`)).status;

test('PostgreSQL restarted under load: no 500, traffic back within seconds, every acknowledged write kept once', async () => {
  const load = startLoad(userinfo, 4);
  const writer = startWriter();
  await sleep(1500);
  const restartAt = load.now();
  await postgres.restart();
  const backAt = load.now();
  await sleep(6000);
  await load.stop();
  await writer.stop();

  const recoveredAfter = (firstSuccessAfter(load.outcomes, backAt)! - backAt) / 1000;
  const counts = await countAccounts([...writer.acknowledged, ...writer.failed]);
  const lost = writer.acknowledged.filter((email) => counts.get(email) !== 1);
  console.log(`PostgreSQL restarted (${((backAt - restartAt) / 1000).toFixed(1)} s) under userinfo traffic: `
    + `${JSON.stringify(countStatuses(load.outcomes))}; slowest answer ${slowest(load.outcomes)} ms; `
    + `first success ${recoveredAfter.toFixed(1)} s after it was back; writes acknowledged ${writer.acknowledged.length}, `
    + `failed ${writer.failed.length} (${writer.failed.filter((email) => counts.has(email)).length} of those applied), lost or doubled ${lost.length}`);

  expect(load.outcomes.every((outcome) => outcome.status === 200 || outcome.status === 503)).toBe(true);
  expect(recoveredAfter).toBeLessThan(3);
  expect(load.outcomes.filter((outcome) => outcome.start >= backAt + 3000).every((outcome) => outcome.status === 200)).toBe(true);
  expect(writer.acknowledged.length).toBeGreaterThan(0);
  expect(lost).toEqual([]);
  expect(await ready()).toBe(200);
}, 120_000);

test('PostgreSQL black-holed for five seconds: 503 in bounded time instead of a hang, back soon after the heal', async () => {
  const load = startLoad(userinfo, 4);
  const { beganAt: cutAt, endedAt: healedAt, probed: readyWhileCut } = await faultUnderLoad(load, {
    begin: () => proxy.cut(), end: () => proxy.heal(), lastsMs: 5000, afterMs: 10_000, probe: ready,
  });

  const during = load.outcomes.filter((outcome) => outcome.start >= cutAt + QUERY_TIMEOUT_MS && outcome.end <= healedAt);
  const recoveredAfter = (firstSuccessAfter(load.outcomes, healedAt)! - healedAt) / 1000;
  console.log(`PostgreSQL black-holed 5 s under userinfo traffic: ${describeOutcomes(load.outcomes, during, 'while cut')}; `
    + `readiness ${readyWhileCut}; first success ${recoveredAfter.toFixed(1)} s after the heal`);

  expect(load.outcomes.every((outcome) => outcome.status === 200 || outcome.status === 503)).toBe(true);
  expect(slowest(load.outcomes)).toBeLessThan(5 * QUERY_TIMEOUT_MS);
  expect(during.every((outcome) => outcome.status === 503)).toBe(true);
  expect(readyWhileCut).toBe(503);
  expect(recoveredAfter).toBeLessThan(5);
  expect(load.outcomes.filter((outcome) => outcome.start >= healedAt + 5000).every((outcome) => outcome.status === 200)).toBe(true);
}, 60_000);
