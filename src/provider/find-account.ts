import type { FindAccount } from 'oidc-provider';

import type { AccountService } from '../accounts/account-service.js';
import { accountClaims } from './claims.js';

export function createFindAccount(accounts: Pick<AccountService, 'findById'>): FindAccount {
  return async (_ctx, sub) => {
    const account = await accounts.findById(sub);
    // Suspended (or not yet activated): no sessions, tokens or userinfo for it.
    if (account?.status !== 'ACTIVE') {
      return undefined;
    }
    return { accountId: account.id, claims: () => ({ ...accountClaims(account), sub: account.id }) };
  };
}
