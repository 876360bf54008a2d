// The first administrator of a fresh server, created from the landing page: possible only while there is
// no administrator at all, and by one request at a time (a lock in the state store, shared by instances).
import { AppError } from '../core/app-error.js';
import type { StateStore } from '../storage/state/state-store.js';
import type { Account } from './account.js';
import type { AccountRepository } from './account-repository.js';
import type { AccountService, NewAccountInput } from './account-service.js';

const LOCK = 'first-administrator:lock';
const LOCK_SECONDS = 30;

export interface FirstAdministrator {
  /** Whether the server still has no administrator (and so offers to create one). */
  needed(): Promise<boolean>;
  create(input: Omit<NewAccountInput, 'admin'>): Promise<Account>;
}

const alreadyDone = () => new AppError('administrator_exists', 'an administrator exists', {
  status: 409, userMessage: 'This server has an administrator already: sign in, or ask them.',
});

export function createFirstAdministrator(deps: {
  accounts: Pick<AccountService, 'create'>;
  repository: Pick<AccountRepository, 'countAdmins'>;
  store: StateStore;
}): FirstAdministrator {
  const needed = async () => (await deps.repository.countAdmins()) === 0;
  return {
    needed,
    async create(input) {
      if (!(await deps.store.setIfAbsent(LOCK, '1', LOCK_SECONDS))) {
        throw alreadyDone();
      }
      try {
        if (!(await needed())) {
          throw alreadyDone();
        }
        return await deps.accounts.create({ ...input, admin: true });
      } finally {
        await deps.store.delete(LOCK);
      }
    },
  };
}
