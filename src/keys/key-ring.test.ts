import type { SigningKey } from './signing-key.js';
import type { SigningKeyRepository } from './signing-key-repository.js';
import { createKeyRing } from './key-ring.js';

function memoryRepository(): SigningKeyRepository {
  let keys: SigningKey[] = [];
  const newestFirst = () => [...keys].sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime());
  return {
    list: async () => newestFirst(),
    insert: async (key) => {
      keys.push(key);
    },
    insertMissing: async (algs, generate) => {
      const present = new Set(keys.filter((key) => !key.retiredAt).map((key) => key.alg));
      const created = algs.filter((alg) => !present.has(alg)).map(generate);
      keys.push(...created);
      return created;
    },
    retire: async (kid, at) => {
      keys = keys.map((key) => (key.kid === kid ? { ...key, retiredAt: at } : key));
    },
    version: async () => keys.filter((key) => !key.retiredAt).map((key) => key.kid).sort().join(','),
  };
}

function clock() {
  let time = Date.parse('2026-01-01T00:00:00Z');
  return () => new Date((time += 1000));
}

test('first start creates one RS256 and one ES256 key; a second call creates none', async () => {
  const ring = createKeyRing({ repository: memoryRepository(), now: clock() });
  expect((await ring.ensureKeys()).map((key) => key.alg).sort()).toEqual(['ES256', 'RS256']);
  expect(await ring.ensureKeys()).toEqual([]);
});

test('the newest key of each algorithm comes first in the JWKS, so it signs', async () => {
  const ring = createKeyRing({ repository: memoryRepository(), now: clock() });
  const first = await ring.ensureKeys();
  const second = await ring.rotate();
  const jwks = await ring.activeJwks();
  expect(jwks.keys).toHaveLength(4);
  const firstOf = (alg: string) => jwks.keys.find((key) => key.alg === alg)!.kid;
  expect(firstOf('RS256')).toBe(second.find((key) => key.alg === 'RS256')!.kid);
  expect(jwks.keys.map((key) => key.kid)).toEqual(expect.arrayContaining(first.map((key) => key.kid)));
  for (const key of jwks.keys) {
    expect(key.d).toBeDefined();
    expect(key.use).toBe('sig');
  }
});

test('retiring removes a key from the JWKS; the current key cannot be retired', async () => {
  const ring = createKeyRing({ repository: memoryRepository(), now: clock() });
  const [oldRsa] = (await ring.ensureKeys()).filter((key) => key.alg === 'RS256');
  const [newRsa] = (await ring.rotate()).filter((key) => key.alg === 'RS256');
  await expect(ring.retire(newRsa!.kid)).rejects.toThrow(/current RS256 key/);
  await ring.retire(oldRsa!.kid);
  expect((await ring.activeJwks()).keys.map((key) => key.kid)).not.toContain(oldRsa!.kid);
  await expect(ring.retire(oldRsa!.kid)).rejects.toThrow(/no active signing key/);
});
