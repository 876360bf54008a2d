import { randomBytes } from 'node:crypto';

import { createSecretBox } from './secret-box.js';

const key = () => randomBytes(32);

test('opens what it sealed, in the same context', () => {
  const box = createSecretBox([key()]);
  const sealed = box.seal('a secret', 'row:1');
  expect(sealed).not.toContain('a secret');
  expect(box.open(sealed, 'row:1')).toBe('a secret');
});

test('the same plaintext seals differently each time', () => {
  const box = createSecretBox([key()]);
  expect(box.seal('x', 'c')).not.toBe(box.seal('x', 'c'));
});

test('refuses another context, a tampered value, and an unknown key', () => {
  const box = createSecretBox([key()]);
  const sealed = box.seal('a secret', 'row:1');
  expect(() => box.open(sealed, 'row:2')).toThrow();
  const parts = sealed.split('.');
  parts[3] = Buffer.from('tampered').toString('base64url');
  expect(() => box.open(parts.join('.'), 'row:1')).toThrow();
  expect(() => createSecretBox([key()]).open(sealed, 'row:1')).toThrow(/DATA_ENCRYPTION_KEYS/);
  expect(() => box.open('garbage', 'row:1')).toThrow();
});

test('after a key rotation, old values still open and new ones use the new key', () => {
  const oldKey = key();
  const newKey = key();
  const sealedBefore = createSecretBox([oldKey]).seal('before', 'c');
  const rotated = createSecretBox([newKey, oldKey]);
  expect(rotated.open(sealedBefore, 'c')).toBe('before');
  const sealedAfter = rotated.seal('after', 'c');
  expect(createSecretBox([newKey]).open(sealedAfter, 'c')).toBe('after');
});

test('needs 32-byte keys', () => {
  expect(() => createSecretBox([])).toThrow();
  expect(() => createSecretBox([randomBytes(16)])).toThrow();
});
