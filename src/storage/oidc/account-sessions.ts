// Everything of one account in the state store, through the account indexes the adapter keeps.
import type { SessionRevoker } from '../../accounts/session-revoker.js';
import type { StateStore } from '../state/state-store.js';
import { accountIndexKey, destroySession, revokeGrant } from './state-store-adapter.js';

export function createSessionRevoker(store: StateStore): SessionRevoker {
  return {
    async signOutEverywhere(accountId) {
      const sessions = await store.members(accountIndexKey(accountId, 'Session'));
      await Promise.all(sessions.map((id) => destroySession(store, id)));
      await store.delete(accountIndexKey(accountId, 'Session'));
      const grants = await store.members(accountIndexKey(accountId, 'Grant'));
      await Promise.all(grants.map((grantId) => revokeGrant(store, grantId)));
      await store.delete(accountIndexKey(accountId, 'Grant'));
    },
  };
}
