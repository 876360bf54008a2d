// The server on a real six-node Redis Cluster (REDIS_CLUSTER_NODES) and PostgreSQL: relying-party flows
// complete, including what touches many keys at once (a refresh token's replay ending its grant, signing out
// everywhere); then a master is killed: what was signed in before stays signed in once a replica has taken
// over, and sign-ins work again, with the seconds that took printed.
import { Redis } from 'ioredis';
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { startRedisCluster, type RedisCluster } from '../../helpers/redis-cluster.js';
import { authorizationRequest, discover, registerClient, signIn, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import { createExternalStorage, type ExternalStorage } from '../../helpers/test-storage.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const people = Array.from({ length: 6 }, (_, index) => ({
  email: `person${index}@cluster.test`, password: `cluster person ${index} password`, name: `Person ${index}`,
}));
const OFFLINE = { scope: 'openid email offline_access', prompt: 'consent' };

let cluster: RedisCluster;
let external: ExternalStorage;
let app: TestApp;
let rp: oidc.Configuration;

beforeAll(async () => {
  cluster = await startRedisCluster();
  external = await createExternalStorage();
  app = await createTestApp({ external, env: { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodes.join(','), REDIS_COMMAND_TIMEOUT_MS: '500' } });
  for (const person of people) {
    await app.services.accounts.create(person);
  }
  rp = await discover(app, await registerClient(app, { firstParty: true }));
}, 120_000);
afterAll(async () => {
  await app?.close();
  await external?.drop();
  await cluster?.stop();
});

/** The browser goes back to the application: straight back with a code, no sign-in page. */
async function stillSignedIn(browser: TestBrowser): Promise<boolean> {
  const request = await authorizationRequest(rp, { prompt: 'none' });
  const outcome = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  return outcome.stoppedAt !== undefined && new URL(outcome.stoppedAt).searchParams.has('code');
}

test('the server runs on the cluster, its keys spread over every master', async () => {
  expect(app.config.storage.redis?.target.kind).toBe('cluster');
  const { tokens } = await signIn(rp, new TestBrowser(), people[0]!, OFFLINE);
  expect(tokens.refresh_token).toBeDefined();
  // Enough keys that each master holds some (one sign-in's dozen or so can miss one by chance).
  for (let i = 0; i < 3; i += 1) {
    await signIn(rp, new TestBrowser(), people[0]!, OFFLINE);
  }
  const masters = await cluster.masters();
  expect(masters).toHaveLength(3);
  const counts = await Promise.all(masters.map(async (port) => {
    const node = new Redis({ host: '127.0.0.1', port, lazyConnect: true });
    try {
      return await node.dbsize();
    } finally {
      node.disconnect();
    }
  }));
  expect(counts.every((count) => count > 0)).toBe(true);
});

test('sign-in, userinfo, refresh, and a replayed refresh token ending its whole grant', async () => {
  const person = people[1]!;
  const { tokens } = await signIn(rp, new TestBrowser(), person, OFFLINE);
  const sub = tokens.claims()!.sub;
  expect(await oidc.fetchUserInfo(rp, tokens.access_token, sub)).toMatchObject({ sub, email: person.email });
  const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
  await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  await expect(oidc.refreshTokenGrant(rp, refreshed.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
});

test('an authorization code redeemed 20 times at once gives tokens once', async () => {
  const request = await authorizationRequest(rp);
  const browser = new TestBrowser();
  const outcome = await signInThroughForms(browser, request.url.toString(), people[2]!);
  const callback = new URL(outcome.stoppedAt!);
  const results = await Promise.allSettled(Array.from({ length: 20 }, () => oidc.authorizationCodeGrant(rp, callback, {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  })));
  expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
});

test('signing out everywhere ends every session and refresh token of the account', async () => {
  const person = people[3]!;
  const browsers = [new TestBrowser(), new TestBrowser()];
  const grants = [];
  for (const browser of browsers) {
    grants.push((await signIn(rp, browser, { ...person, remember: true }, OFFLINE)).tokens);
  }
  expect(await stillSignedIn(browsers[0]!)).toBe(true);
  await app.services.sessions.signOutEverywhere(grants[0]!.claims()!.sub);
  for (const browser of browsers) {
    expect(await stillSignedIn(browser)).toBe(false);
  }
  for (const tokens of grants) {
    await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  }
});

test('a master killed: once a replica takes over, who was signed in still is, and sign-ins work again', async () => {
  const before = [];
  for (const person of people.slice(4)) {
    const browser = new TestBrowser();
    before.push({ browser, tokens: (await signIn(rp, browser, { ...person, remember: true }, OFFLINE)).tokens });
  }
  // Replication is asynchronous: give it what it takes on a quiet loopback (milliseconds).
  await sleep(300);
  const [victim] = await cluster.masters();
  const killedAt = Date.now();
  cluster.kill(victim!);
  await cluster.waitUntilHealthy(30_000);
  const failedOverAfter = (Date.now() - killedAt) / 1000;

  // The first sign-in that completes after the kill, retried as a person would.
  let signedInAgainAfter: number | undefined;
  let refused = 0;
  while (signedInAgainAfter === undefined && Date.now() - killedAt < 30_000) {
    try {
      await signIn(rp, new TestBrowser(), people[0]!);
      signedInAgainAfter = (Date.now() - killedAt) / 1000;
    } catch {
      refused += 1;
      await sleep(250);
    }
  }
  console.log(`Redis Cluster master ${victim} killed: a replica served its slots after ${failedOverAfter.toFixed(1)} s, sign-ins completed again after ${signedInAgainAfter?.toFixed(1)} s (${refused} attempts refused meanwhile)`);
  expect(signedInAgainAfter).toBeDefined();

  for (const { browser, tokens } of before) {
    expect(await stillSignedIn(browser)).toBe(true);
    expect((await oidc.refreshTokenGrant(rp, tokens.refresh_token!)).access_token).toBeDefined();
  }
}, 90_000);
