// oidc-provider's artifacts (Session, Interaction, AuthorizationCode, AccessToken, RefreshToken, Grant, ...)
// in the state store, each with its time to live, with the indexes oidc-provider looks them up by.
import type { Adapter, AdapterPayload } from 'oidc-provider';

import type { StateStore } from '../state/state-store.js';

const epochSeconds = () => Math.floor(Date.now() / 1000);

/** The models indexed by account, so that everything of an account can be ended at once. */
const ACCOUNT_INDEXED = new Set(['Session', 'Grant']);

export const artifactKey = (model: string, id: string) => `oidc:${model}:${id}`;
const grantKey = (grantId: string) => `oidc:grant:${grantId}`;
export const accountIndexKey = (accountId: string, model: string) => `oidc:account:${accountId}:${model}`;

/** Deletes a grant and every artifact issued under it (codes, access and refresh tokens). */
export async function revokeGrant(store: StateStore, grantId: string): Promise<void> {
  const keys = await store.members(grantKey(grantId));
  await store.delete(...keys, grantKey(grantId), artifactKey('Grant', grantId));
}

export function createStateStoreAdapter(model: string, store: StateStore): Adapter {
  const key = (id: string) => artifactKey(model, id);
  const userCodeKey = (userCode: string) => `oidc:${model}:userCode:${userCode}`;
  const uidKey = (uid: string) => `oidc:${model}:uid:${uid}`;

  const find = async (id: string): Promise<AdapterPayload | undefined> => {
    const stored = await store.get(key(id));
    return stored === undefined ? undefined : (JSON.parse(stored) as AdapterPayload);
  };
  const findByIndex = async (indexKey: string) => {
    const id = await store.get(indexKey);
    return id === undefined ? undefined : find(id);
  };

  return {
    async upsert(id, payload, expiresIn) {
      if (expiresIn === undefined) {
        // Everything this adapter holds is short-lived; durable models (Client) have their own adapter.
        throw new Error(`${model} has no expiry and cannot be kept in the state store`);
      }
      await store.set(key(id), JSON.stringify(payload), expiresIn);
      if (payload.grantId) {
        await store.addToSet(grantKey(payload.grantId), key(id), expiresIn);
      }
      if (payload.userCode) {
        await store.set(userCodeKey(payload.userCode), id, expiresIn);
      }
      if (payload.uid) {
        await store.set(uidKey(payload.uid), id, expiresIn);
      }
      if (payload.accountId && ACCOUNT_INDEXED.has(model)) {
        await store.addToSet(accountIndexKey(payload.accountId, model), id, expiresIn);
      }
    },
    find,
    async findByUid(uid) {
      return findByIndex(uidKey(uid));
    },
    async findByUserCode(userCode) {
      return findByIndex(userCodeKey(userCode));
    },
    async consume(id) {
      const payload = await find(id);
      if (payload) {
        await store.replace(key(id), JSON.stringify({ ...payload, consumed: epochSeconds() }));
      }
    },
    async destroy(id) {
      await store.delete(key(id));
    },
    revokeByGrantId: (grantId) => revokeGrant(store, grantId),
  };
}
