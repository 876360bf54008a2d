import type { Account } from '../../accounts/account.js';
import type { AccountRepository } from '../../accounts/account-repository.js';
import { normalizeEmail } from '../../accounts/normalize-email.js';
import type { PasswordHasher } from '../../accounts/password-hasher.js';
import type { AuthMethod } from '../auth-method.js';

export interface PasswordMethod extends AuthMethod {
  /**
   * The account when the password is right; undefined otherwise. An unknown email and a wrong password
   * cost the same work and give the same answer, so nobody can tell which accounts exist.
   */
  authenticate(email: string, password: string): Promise<Account | undefined>;
}

export function createPasswordMethod(deps: { accounts: AccountRepository; hasher: PasswordHasher }): PasswordMethod {
  return {
    id: 'password',
    amr: 'pwd',
    async authenticate(email, password) {
      const normalized = normalizeEmail(email);
      const account = normalized === undefined ? undefined : await deps.accounts.findByEmail(normalized);
      if (!account?.passwordHash) {
        await deps.hasher.verifyNothing(password);
        return undefined;
      }
      if (!(await deps.hasher.verify(account.passwordHash, password))) {
        return undefined;
      }
      if (deps.hasher.needsRehash(account.passwordHash)) {
        await deps.accounts.updatePasswordHash(account.id, await deps.hasher.hash(password));
      }
      return account;
    },
  } satisfies PasswordMethod;
}
