// The in-process store of the embedded default and the Redis store of production behave the same,
// and oidc-provider's adapter on top of them keeps its indexes and times to live.
import { randomBytes } from 'node:crypto';

import { createStateStoreAdapter } from '../../../src/storage/oidc/state-store-adapter.js';
import { createMemoryStateStore } from '../../../src/storage/state/memory-state-store.js';
import { createRedisStateStore } from '../../../src/storage/state/redis-state-store.js';
import type { StateStore } from '../../../src/storage/state/state-store.js';
import { deleteRedisKeys, TEST_REDIS_URL } from '../../helpers/test-storage.js';

const prefix = `idp-test:store-${randomBytes(4).toString('hex')}:`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each([
  ['memory', async () => createMemoryStateStore()],
  ['Redis', async () => createRedisStateStore({ url: TEST_REDIS_URL, keyPrefix: prefix })],
])('%s state store', (_name, open) => {
  let store: StateStore;
  beforeAll(async () => {
    store = await open();
  });
  afterAll(async () => {
    await store.close();
    await deleteRedisKeys(prefix);
  });

  test('keeps a value until its time to live runs out', async () => {
    await store.set('a', 'one', 1);
    expect(await store.get('a')).toBe('one');
    await sleep(1100);
    expect(await store.get('a')).toBeUndefined();
  });

  test('setIfAbsent sets once', async () => {
    expect(await store.setIfAbsent('once', '1', 60)).toBe(true);
    expect(await store.setIfAbsent('once', '2', 60)).toBe(false);
    expect(await store.get('once')).toBe('1');
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

  test('increment counts within one time window', async () => {
    expect(await store.increment('count', 1)).toBe(1);
    expect(await store.increment('count', 1)).toBe(2);
    await sleep(1100);
    expect(await store.increment('count', 1)).toBe(1);
  });

  test('sets collect members and keep the longest time to live', async () => {
    await store.addToSet('set', 'a', 60);
    await store.addToSet('set', 'b', 1);
    await store.addToSet('set', 'a', 1);
    await sleep(1100);
    expect((await store.members('set')).sort()).toEqual(['a', 'b']);
    await store.delete('set');
    expect(await store.members('set')).toEqual([]);
  });

  test('oidc-provider adapter: find, index lookups, consume, destroy and revoke by grant', async () => {
    const codes = createStateStoreAdapter('AuthorizationCode', store);
    const tokens = createStateStoreAdapter('AccessToken', store);
    const sessions = createStateStoreAdapter('Session', store);
    await codes.upsert('code1', { grantId: 'g1', accountId: 'acc' }, 60);
    await tokens.upsert('at1', { grantId: 'g1' }, 60);
    await tokens.upsert('at2', { grantId: 'g2' }, 60);
    await sessions.upsert('s1', { uid: 'uid1', accountId: 'acc' }, 60);

    expect(await codes.find('code1')).toMatchObject({ grantId: 'g1', accountId: 'acc' });
    expect(await sessions.findByUid('uid1')).toMatchObject({ accountId: 'acc' });
    await codes.consume('code1');
    expect((await codes.find('code1'))?.consumed).toEqual(expect.any(Number));

    await tokens.revokeByGrantId('g1');
    expect(await codes.find('code1')).toBeUndefined();
    expect(await tokens.find('at1')).toBeUndefined();
    expect(await tokens.find('at2')).toBeDefined();

    await sessions.destroy('s1');
    expect(await sessions.find('s1')).toBeUndefined();
    await expect(sessions.upsert('forever', {}, undefined)).rejects.toThrow(/no expiry/);
  });
});
