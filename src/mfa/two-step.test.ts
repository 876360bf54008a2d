import { randomBytes } from 'node:crypto';

import type { Account } from '../accounts/account.js';
import { createSecretBox } from '../core/secret-box.js';
import type { StateStore } from '../storage/state/state-store.js';
import { openEmbeddedStore, type EmbeddedStore } from '../../test/helpers/embedded-store.js';
import type { MfaRepository, TotpFactor } from './mfa-repository.js';
import { totpCode } from './totp.js';
import { createTwoStep } from './two-step.js';

const account = { id: 'a1', email: 'ada@example.com' } as Account;

let embedded: EmbeddedStore;
beforeAll(async () => {
  embedded = await openEmbeddedStore();
});
afterAll(() => embedded.close());
// Each test starts with an empty store, as with a new server.
beforeEach(() => embedded.database.sql.exec('DELETE FROM state_entries; DELETE FROM state_set_members'));

function setUp(store: StateStore = embedded.store) {
  let now = new Date('2027-01-01T00:00:05Z');
  const factors = new Map<string, TotpFactor>();
  const codes = new Map<string, { accountId: string; used: boolean }>();
  const repository: MfaRepository = {
    findTotp: async (accountId) => factors.get(accountId),
    enableTotp: async (accountId, secret, at, hashes) => {
      factors.set(accountId, { secret, enabledAt: at });
      codes.clear();
      hashes.forEach((hash) => codes.set(hash, { accountId, used: false }));
    },
    disableTotp: async (accountId) => {
      factors.delete(accountId);
      codes.clear();
    },
    replaceRecoveryCodes: async (accountId, hashes) => {
      codes.clear();
      hashes.forEach((hash) => codes.set(hash, { accountId, used: false }));
    },
    useRecoveryCode: async (accountId, hash) => {
      const code = codes.get(hash);
      if (!code || code.used || code.accountId !== accountId) {
        return false;
      }
      code.used = true;
      return true;
    },
    countUnusedRecoveryCodes: async () => [...codes.values()].filter((code) => !code.used).length,
  };
  const twoStep = createTwoStep({
    repository, store, secrets: createSecretBox([randomBytes(32)]), clock: { now: () => now }, issuerName: 'GoToAssist',
  });
  return { twoStep, advance: (seconds: number) => { now = new Date(now.getTime() + seconds * 1000); }, now: () => now };
}

test('enrolment is on only once confirmed with a current code, and returns 10 recovery codes', async () => {
  const { twoStep, now } = setUp();
  const { secret, uri } = await twoStep.enrolment(account);
  expect(uri).toContain(`secret=${secret}`);
  expect((await twoStep.enrolment(account)).secret).toBe(secret);
  expect((await twoStep.status(account.id)).enabled).toBe(false);
  expect(await twoStep.confirm(account, '000000')).toBe('wrong');
  const codes = await twoStep.confirm(account, await totpCode(secret, now()));
  expect(codes).toHaveLength(10);
  expect(await twoStep.status(account.id)).toMatchObject({ enabled: true, recoveryCodesLeft: 10 });
});

test('a code works once: the same code again (same time-step) is refused', async () => {
  const { twoStep, now, advance } = setUp();
  const { secret } = await twoStep.enrolment(account);
  await twoStep.confirm(account, await totpCode(secret, now()));
  advance(30);
  const code = await totpCode(secret, now());
  expect(await twoStep.verifyCode(account.id, code)).toBe('ok');
  expect(await twoStep.verifyCode(account.id, code)).toBe('replayed');
  advance(30);
  expect(await twoStep.verifyCode(account.id, code)).toBe('replayed');
  expect(await twoStep.verifyCode(account.id, await totpCode(secret, now()))).toBe('ok');
});

test('the code that confirmed the enrolment cannot sign in', async () => {
  const { twoStep, now } = setUp();
  const { secret } = await twoStep.enrolment(account);
  const code = await totpCode(secret, now());
  await twoStep.confirm(account, code);
  expect(await twoStep.verifyCode(account.id, code)).toBe('replayed');
});

test('recovery codes work once each, in any case and spacing; regenerating ends the old ones', async () => {
  const { twoStep, now } = setUp();
  const { secret } = await twoStep.enrolment(account);
  const codes = (await twoStep.confirm(account, await totpCode(secret, now()))) as string[];
  expect(await twoStep.useRecoveryCode(account.id, codes[0]!.toUpperCase().replace('-', ' '))).toBe(true);
  expect(await twoStep.useRecoveryCode(account.id, codes[0]!)).toBe(false);
  expect((await twoStep.status(account.id)).recoveryCodesLeft).toBe(9);
  const fresh = await twoStep.regenerateRecoveryCodes(account.id);
  expect(await twoStep.useRecoveryCode(account.id, codes[1]!)).toBe(false);
  expect(await twoStep.useRecoveryCode(account.id, fresh[0]!)).toBe(true);
});

test('turning it off removes the secret and the codes', async () => {
  const { twoStep, now } = setUp();
  const { secret } = await twoStep.enrolment(account);
  await twoStep.confirm(account, await totpCode(secret, now()));
  await twoStep.disable(account.id);
  expect(await twoStep.status(account.id)).toMatchObject({ enabled: false, recoveryCodesLeft: 0 });
  expect(await twoStep.verifyCode(account.id, await totpCode(secret, now()))).toBe('wrong');
});
