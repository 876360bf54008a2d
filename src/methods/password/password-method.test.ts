import type { Account } from '../../accounts/account.js';
import type { AccountRepository } from '../../accounts/account-repository.js';
import type { PasswordHasher } from '../../accounts/password-hasher.js';
import { createPasswordMethod } from './password-method.js';

const account: Account = {
  id: '00000000-0000-4000-8000-000000000001', email: 'ada@example.com', emailVerified: true, name: 'Ada',
  passwordHash: 'hash-of:right', isAdmin: false, status: 'ACTIVE', invitedBy: null, lastSignInAt: null, createdAt: new Date(), language: null,
};

function setUp(options: { needsRehash?: boolean } = {}) {
  const calls: string[] = [];
  const hasher: PasswordHasher = {
    hash: async (password) => `hash-of:${password}`,
    verify: async (hash, password) => {
      calls.push('verify');
      return hash === `hash-of:${password}`;
    },
    verifyNothing: async () => {
      calls.push('verifyNothing');
    },
    needsRehash: () => options.needsRehash ?? false,
  };
  const updated: string[] = [];
  const accounts = {
    findByEmail: async (email: string) => (email === account.email ? account : undefined),
    updatePasswordHash: async (_id: string, hash: string) => {
      updated.push(hash);
    },
  } as unknown as AccountRepository;
  return { method: createPasswordMethod({ accounts, hasher }), calls, updated };
}

test('accepts the right password, whatever the case of the email', async () => {
  const { method } = setUp();
  await expect(method.authenticate(' Ada@Example.COM', 'right')).resolves.toBe(account);
});

test('refuses a wrong password', async () => {
  const { method, calls } = setUp();
  await expect(method.authenticate(account.email, 'wrong')).resolves.toBeUndefined();
  expect(calls).toEqual(['verify']);
});

test('an unknown email still costs one password hash, so timing tells nothing', async () => {
  const { method, calls } = setUp();
  await expect(method.authenticate('nobody@example.com', 'whatever')).resolves.toBeUndefined();
  await expect(method.authenticate('not an email', 'whatever')).resolves.toBeUndefined();
  expect(calls).toEqual(['verifyNothing', 'verifyNothing']);
});

test('re-hashes a password whose hash has older parameters', async () => {
  const { method, updated } = setUp({ needsRehash: true });
  await method.authenticate(account.email, 'right');
  expect(updated).toEqual(['hash-of:right']);
});
