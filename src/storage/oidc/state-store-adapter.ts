// oidc-provider's artifacts (Session, Interaction, AuthorizationCode, AccessToken, RefreshToken, Grant, ...)
// in the state store, each with its time to live, with the indexes oidc-provider looks them up by.
// A write sends its commands together (one round trip); consumption is atomic, so a code or refresh token
// redeemed at once on several instances gives tokens once.
import { errors, type Adapter, type AdapterPayload } from 'oidc-provider';

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
    const stored = await store.getConsumable(key(id));
    if (stored === undefined) {
      return undefined;
    }
    const payload = JSON.parse(stored.value) as AdapterPayload;
    return stored.consumedAt === undefined ? payload : { ...payload, consumed: stored.consumedAt };
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
      const { consumed: _consumed, ...fresh } = payload;
      await Promise.all([
        store.set(key(id), JSON.stringify(fresh), expiresIn),
        payload.grantId ? store.addToSet(grantKey(payload.grantId), key(id), expiresIn) : undefined,
        payload.userCode ? store.set(userCodeKey(payload.userCode), id, expiresIn) : undefined,
        payload.uid ? store.set(uidKey(payload.uid), id, expiresIn) : undefined,
        payload.accountId && ACCOUNT_INDEXED.has(model) ? store.addToSet(accountIndexKey(payload.accountId, model), id, expiresIn) : undefined,
      ]);
    },
    find,
    async findByUid(uid) {
      return findByIndex(uidKey(uid));
    },
    async findByUserCode(userCode) {
      return findByIndex(userCodeKey(userCode));
    },
    async consume(id) {
      const outcome = await store.consume(key(id), epochSeconds());
      if (outcome === 'consumed') {
        return;
      }
      // Redeemed by someone else meanwhile (a stolen code or token raced the client), or gone: like
      // oidc-provider's own check for a consumed one, revoke everything issued under its grant and refuse.
      const payload = await find(id);
      if (payload?.grantId) {
        await revokeGrant(store, payload.grantId);
      }
      throw alreadyUsed(model);
    },
    async destroy(id) {
      await store.delete(key(id));
    },
    revokeByGrantId: (grantId) => revokeGrant(store, grantId),
  };
}

function alreadyUsed(model: string): Error {
  switch (model) {
    case 'PushedAuthorizationRequest':
      return new errors.InvalidRequestUri('request_uri is invalid, expired, or was already used');
    case 'RefreshToken':
      return new errors.InvalidGrant('refresh token already used');
    case 'AuthorizationCode':
      return new errors.InvalidGrant('authorization code already consumed');
    default:
      return new errors.InvalidGrant('grant already used');
  }
}
