// The embedded default's store (tables in PGlite) and the Redis store of production (a single node, and a
// private six-node Cluster) behave the same,
// and oidc-provider's adapter on top of them keeps its indexes, times to live and single use.
import { randomBytes } from 'node:crypto';

import { artifactKey, createStateStoreAdapter, RESUME_RETRY_SECONDS } from '../../../src/storage/oidc/state-store-adapter.js';
import { createRedisStateStore } from '../../../src/storage/state/redis-state-store.js';
import type { StateStore } from '../../../src/storage/state/state-store.js';
import { openEmbeddedStore } from '../../helpers/embedded-store.js';
import { redisConfig } from '../../helpers/redis-config.js';
import { startRedisCluster } from '../../helpers/redis-cluster.js';
import { deleteRedisKeys, TEST_REDIS_URL } from '../../helpers/test-storage.js';

const prefix = `idp-test:store-${randomBytes(4).toString('hex')}:`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ['embedded (PGlite)', async () => {
    const embedded = await openEmbeddedStore();
    return { store: embedded.store, close: () => embedded.close() };
  }],
  ['Redis', async () => {
    const store = await createRedisStateStore(redisConfig({ kind: 'node', url: TEST_REDIS_URL }, prefix));
    return { store, close: async () => { await store.close(); await deleteRedisKeys(prefix); } };
  }],
  ['Redis Cluster', async () => {
    const cluster = await startRedisCluster();
    const store = await createRedisStateStore(redisConfig({ kind: 'cluster', nodes: cluster.ports.map((port) => ({ host: '127.0.0.1', port })) }, prefix));
    return { store, close: async () => { await store.close(); await cluster.stop(); } };
  }],
])('%s state store', (_name, open) => {
  let store: StateStore;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, close } = await open());
  });
  afterAll(() => close());

  test('keeps a value until its time to live runs out', async () => {
    await store.set('a', 'one', 1);
    expect(await store.get('a')).toBe('one');
    await sleep(1100);
    expect(await store.get('a')).toBeUndefined();
  });

  test('setIfAbsent sets once, and again once the value expired', async () => {
    expect(await store.setIfAbsent('once', '1', 1)).toBe(true);
    expect(await store.setIfAbsent('once', '2', 60)).toBe(false);
    expect(await store.get('once')).toBe('1');
    await sleep(1100);
    expect(await store.setIfAbsent('once', '3', 60)).toBe(true);
    expect(await store.get('once')).toBe('3');
  });

  test('replace changes an existing value only, keeping its expiry', async () => {
    expect(await store.replace('missing', 'x')).toBe(false);
    expect(await store.get('missing')).toBeUndefined();
    await store.set('kept', 'before', 1);
    expect(await store.replace('kept', 'after')).toBe(true);
    expect(await store.get('kept')).toBe('after');
    await sleep(1100);
    expect(await store.get('kept')).toBeUndefined();
  });

  test('shorten lets a value live at most so long, and never longer than it would have', async () => {
    await store.set('long', 'v', 60);
    await store.set('short', 'v', 1);
    await store.shorten('long', 1);
    await store.shorten('short', 60);
    await store.shorten('absent', 1);
    expect(await store.get('long')).toBe('v');
    await sleep(1100);
    expect(await store.get('long')).toBeUndefined();
    expect(await store.get('short')).toBeUndefined();
    expect(await store.get('absent')).toBeUndefined();
  });

  test('take gives a single-use value to exactly one of many callers', async () => {
    await store.set('single', 'value', 60);
    const taken = await Promise.all(Array.from({ length: 20 }, () => store.take('single')));
    expect(taken.filter((value) => value === 'value')).toHaveLength(1);
    expect(await store.get('single')).toBeUndefined();
    expect(await store.take('single')).toBeUndefined();
  });

  test('increment counts within one time window', async () => {
    expect(await store.increment('count', 1)).toBe(1);
    expect(await store.increment('count', 1)).toBe(2);
    await sleep(1100);
    expect(await store.increment('count', 1)).toBe(1);
  });

  test('sets collect members, keep the longest time to live and lose removed members', async () => {
    await store.addToSet('set', 'a', 60);
    await store.addToSet('set', 'b', 1);
    await store.addToSet('set', 'a', 1);
    await sleep(1100);
    expect((await store.members('set')).sort()).toEqual(['a', 'b']);
    await store.removeFromSet('set', 'a');
    expect(await store.members('set')).toEqual(['b']);
    await store.delete('set');
    expect(await store.members('set')).toEqual([]);
  });

  test('a set lives as long as its longest time to live, then goes as a whole', async () => {
    await store.addToSet('short', 'a', 1);
    await sleep(1100);
    await store.addToSet('short', 'b', 60);
    expect(await store.members('short')).toEqual(['b']);
  });

  test('consume lets exactly one of 20 racing callers through, and keeps the value readable', async () => {
    await store.set('code', '{"a":1}', 60);
    const outcomes = await Promise.all(Array.from({ length: 20 }, () => store.consume('code', 1_800_000_000)));
    expect(outcomes.filter((outcome) => outcome === 'consumed')).toHaveLength(1);
    expect(outcomes.filter((outcome) => outcome === 'already')).toHaveLength(19);
    expect(await store.getConsumable('code')).toEqual({ value: '{"a":1}', consumedAt: 1_800_000_000 });
    expect(await store.consume('absent', 1)).toBe('missing');
  });

  test('delete removes several keys at once, values and sets alike', async () => {
    await store.set('d1', '1', 60);
    await store.set('d2', '2', 60);
    await store.addToSet('d3', 'x', 60);
    await store.delete('d1', 'd2', 'd3');
    expect([await store.get('d1'), await store.get('d2'), await store.members('d3')]).toEqual([undefined, undefined, []]);
  });

  test('oidc-provider adapter: find, index lookups, consume, destroy and revoke by grant', async () => {
    const codes = createStateStoreAdapter('AuthorizationCode', store);
    const tokens = createStateStoreAdapter('AccessToken', store);
    const sessions = createStateStoreAdapter('Session', store);
    const grants = createStateStoreAdapter('Grant', store);
    await grants.upsert('g1', { accountId: 'acc' }, 60);
    await grants.upsert('g2', { accountId: 'acc' }, 60);
    await codes.upsert('code1', { grantId: 'g1', accountId: 'acc' }, 60);
    await tokens.upsert('at1', { grantId: 'g1' }, 60);
    await sessions.upsert('s1', { uid: 'uid1', accountId: 'acc' }, 60);

    expect(await codes.find('code1')).toMatchObject({ grantId: 'g1', accountId: 'acc' });
    expect(await sessions.findByUid('uid1')).toMatchObject({ accountId: 'acc' });
    await codes.consume('code1');
    expect((await codes.find('code1'))?.consumed).toEqual(expect.any(Number));

    // The grant goes; oidc-provider refuses every token whose grant is gone (see the code-flow tests).
    await tokens.revokeByGrantId('g1');
    expect(await grants.find('g1')).toBeUndefined();
    expect(await grants.find('g2')).toBeDefined();

    await sessions.destroy('s1');
    expect(await sessions.find('s1')).toBeUndefined();
    await expect(sessions.upsert('forever', {}, undefined)).rejects.toThrow(/no expiry/);
  });

  test('adapter: a renamed session keeps its old identifier a few seconds if signed in, none if not (session fixation)', async () => {
    const shortened: [string, number][] = [];
    const watched = new Proxy(store, {
      get: (target, name, receiver) => (name === 'shorten'
        ? (key: string, ttl: number) => { shortened.push([key, ttl]); return target.shorten(key, ttl); }
        : Reflect.get(target, name, receiver)),
    });
    // Renamed as oidc-provider does on a resumed authorization request: the old id destroyed (the request's
    // session, signed in as `accountId`, holds it as its old id), then the session saved under the new one.
    let renamed: { oldId: string; accountId: string } | undefined;
    const sessions = createStateStoreAdapter('Session', watched, {
      renaming: (id) => (renamed?.oldId === id ? renamed : undefined),
    });
    const rename = async (from: string, to: string, payload: { uid: string; accountId: string }) => {
      renamed = { oldId: from, accountId: payload.accountId };
      await sessions.destroy(from);
      await sessions.upsert(to, { ...payload, jti: to }, 600);
      renamed = undefined;
    };
    await sessions.upsert('signed-in-old', { jti: 'signed-in-old', uid: 'uid-in', accountId: 'acc' }, 600);
    await rename('signed-in-old', 'signed-in-new', { uid: 'uid-in', accountId: 'acc' });
    expect(await sessions.find('signed-in-old')).toMatchObject({ accountId: 'acc' });
    expect(shortened).toEqual([[artifactKey('Session', 'signed-in-old'), RESUME_RETRY_SECONDS]]);
    expect(await sessions.findByUid('uid-in')).toMatchObject({ jti: 'signed-in-new' });

    // Signed in by the resume that renamed it (it was not before), or as someone else: the old id goes at once.
    await sessions.upsert('anonymous-old', { jti: 'anonymous-old', uid: 'uid-anon' }, 600);
    await rename('anonymous-old', 'anonymous-new', { uid: 'uid-anon', accountId: 'acc' });
    expect(await sessions.find('anonymous-old')).toBeUndefined();
    await sessions.upsert('other-old', { jti: 'other-old', uid: 'uid-other', accountId: 'someone' }, 600);
    await rename('other-old', 'other-new', { uid: 'uid-other', accountId: 'acc' });
    expect(await sessions.find('other-old')).toBeUndefined();
    expect(shortened).toHaveLength(1);

    // Signing out (the session is the one under its uid) deletes it and its copy.
    await sessions.destroy('signed-in-new');
    expect(await sessions.find('signed-in-new')).toBeUndefined();
    expect(await sessions.findByUid('uid-in')).toBeUndefined();
  });

  test('adapter: a code consumed twice refuses the second with invalid_grant and revokes its grant', async () => {
    const codes = createStateStoreAdapter('AuthorizationCode', store);
    const grants = createStateStoreAdapter('Grant', store);
    await grants.upsert('g3', { accountId: 'acc' }, 60);
    await codes.upsert('code2', { grantId: 'g3' }, 60);
    const results = await Promise.allSettled([codes.consume('code2'), codes.consume('code2'), codes.consume('code2')]);
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(refused.map((result) => (result.reason as { error?: string }).error)).toEqual(['invalid_grant', 'invalid_grant']);
    expect(await grants.find('g3')).toBeUndefined();
  });
});
