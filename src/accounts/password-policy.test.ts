import { checkPassword } from './password-policy.js';

const email = 'ada@example.com';

test('accepts 8 or more characters of any kind, spaces and emoji included', () => {
  expect(checkPassword('abcdefgh', { email })).toBeUndefined();
  expect(checkPassword('correct horse battery staple', { email })).toBeUndefined();
  expect(checkPassword('🔑🔑🔑🔑🔑🔑🔑🔑', { email })).toBeUndefined();
  expect(checkPassword('x'.repeat(64), { email })).toBeUndefined();
});

test('counts characters, not bytes', () => {
  expect(checkPassword('🔑🔑🔑🔑', { email })).toMatch(/at least 8/);
});

test('refuses short, overlong, and the email itself', () => {
  expect(checkPassword('short', { email })).toMatch(/at least 8 characters/);
  expect(checkPassword('x'.repeat(257), { email })).toMatch(/at most 256/);
  expect(checkPassword('Ada@Example.com', { email })).toMatch(/email address/);
});
