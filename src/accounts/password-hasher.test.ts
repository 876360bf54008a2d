import { createPasswordHasher, OWASP_ARGON2ID } from './password-hasher.js';

const hasher = createPasswordHasher();

test('hashes with argon2id at the OWASP parameters and verifies', async () => {
  const stored = await hasher.hash('correct horse battery staple');
  expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
  await expect(hasher.verify(stored, 'correct horse battery staple')).resolves.toBe(true);
  await expect(hasher.verify(stored, 'Correct horse battery staple')).resolves.toBe(false);
  expect(hasher.needsRehash(stored)).toBe(false);
});

test('a malformed stored hash fails the check instead of throwing', async () => {
  await expect(hasher.verify('not a hash', 'anything')).resolves.toBe(false);
  await expect(hasher.verifyNothing('anything')).resolves.toBeUndefined();
});

test('a hash made with weaker parameters needs rehashing', async () => {
  const weaker = createPasswordHasher({ ...OWASP_ARGON2ID, memoryCost: 8192 });
  expect(hasher.needsRehash(await weaker.hash('password'))).toBe(true);
  expect(hasher.needsRehash('$2b$10$bcrypt-hash')).toBe(true);
});
