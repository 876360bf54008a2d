import type { FindAccount } from 'oidc-provider';

import type { Account } from '../accounts/account.js';
import type { AccountService } from '../accounts/account-service.js';
import { accountClaims } from './claims.js';

export function createFindAccount(deps: {
  accounts: Pick<AccountService, 'findById'>;
  /** The account's roles, looked up only when the roles scope is asked for. */
  roles: (account: Account) => Promise<string[]>;
}): FindAccount {
  return async (_ctx, sub) => {
    const account = await deps.accounts.findById(sub);
    // Suspended (or not yet activated): no sessions, tokens or userinfo for it.
    if (account?.status !== 'ACTIVE') {
      return undefined;
    }
    return {
      accountId: account.id,
      claims: async (_use, scope) => ({
        ...accountClaims(account),
        sub: account.id,
        ...(scope.split(' ').includes('roles') ? { roles: await deps.roles(account) } : {}),
      }),
    };
  };
}
