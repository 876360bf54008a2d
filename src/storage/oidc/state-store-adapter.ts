// oidc-provider's artifacts (Session, Interaction, AuthorizationCode, AccessToken, RefreshToken, Grant, ...)
// in the state store, each with its time to live, with the indexes oidc-provider looks them up by.
// A write sends its commands together (one round trip); consumption is atomic, so a code or refresh token
// redeemed at once on several instances gives tokens once.
//
// Revoking a grant deletes the grant itself: oidc-provider checks a token's grant on every use (code
// exchange, refresh, userinfo, introspection; the Admin API does too), so every code and token issued
// under it stops at once, and no index of a grant's tokens has to be kept on each write.
//
// Fewer reads: access tokens, client-credentials tokens and refresh tokens share one key space (their ids
// are random and never collide; the payload says which it is), so introspection, which looks a token up as
// each kind at once, reads once. A session is also kept whole under its uid, which tokens bound to it
// look it up by.
import { errors, Provider, type Adapter, type AdapterPayload, type KoaContextWithOIDC } from 'oidc-provider';

import type { StateStore } from '../state/state-store.js';

const epochSeconds = () => Math.floor(Date.now() / 1000);

/** How long a finished interaction (and a renamed session's old identifier) stays, so that its resume step can be retried. */
export const RESUME_RETRY_SECONDS = 15;

/** The models indexed by account, so that everything of an account can be ended at once. */
const ACCOUNT_INDEXED = new Set(['Session', 'Grant']);
/** Looked up by their value alone, as any of these kinds: one key space. */
const TOKEN_MODELS = new Set(['AccessToken', 'ClientCredentials', 'RefreshToken']);

export const artifactKey = (model: string, id: string) => (TOKEN_MODELS.has(model) ? `oidc:token:${id}` : `oidc:${model}:${id}`);
const uidKey = (model: string, uid: string) => `oidc:${model}:uid:${uid}`;
export const accountIndexKey = (accountId: string, model: string) => `oidc:account:${accountId}:${model}`;

/** Ends a grant, and with it every code and token issued under it. */
export async function revokeGrant(store: StateStore, grantId: string): Promise<void> {
  await store.delete(artifactKey('Grant', grantId));
}

async function storedSession(store: StateStore, id: string): Promise<AdapterPayload | undefined> {
  const stored = await store.get(artifactKey('Session', id));
  return stored === undefined ? undefined : (JSON.parse(stored) as AdapterPayload);
}

/** Deletes a session (`own`: its payload), and its copy under its uid if that is this one (not a newer identifier's). */
async function deleteSession(store: StateStore, id: string, own: AdapterPayload | undefined): Promise<void> {
  const copy = own?.uid === undefined ? undefined : await store.get(uidKey('Session', own.uid));
  const copyIsThis = copy !== undefined && (JSON.parse(copy) as AdapterPayload).jti === id;
  await store.delete(artifactKey('Session', id), ...(copyIsThis ? [uidKey('Session', own!.uid!)] : []));
}

/**
 * Deletes a session (signing out).
 * `payload`: the session as the caller has just read it, so it is not read again.
 */
export async function destroySession(store: StateStore, id: string, payload?: AdapterPayload): Promise<void> {
  await deleteSession(store, id, payload ?? await storedSession(store, id));
}

/**
 * The session of the request in progress when oidc-provider is destroying its old identifier (it gives a
 * session a new identifier on each resumed authorization request: destroys the old, then saves under the
 * new); otherwise undefined (signing out).
 */
function renaming(id: string): { readonly accountId?: string | undefined } | undefined {
  const session = (Provider.ctx as KoaContextWithOIDC | undefined)?.oidc?.session as { oldId?: string; accountId?: string } | undefined;
  return session?.oldId === id ? session : undefined;
}

/**
 * What oidc-provider's destroy of a session means here. Signing out deletes it. A rename keeps the old
 * identifier of a session that was signed in, and stays so, a few seconds more: when the instance that had
 * the resume dies after saving and before answering, the browser (still holding the old identifier) sends
 * it again and is signed in instead of refused. One that was not signed in (or as someone else) goes at
 * once: the new identifier at sign-in is what defeats session fixation.
 */
async function retireSession(store: StateStore, id: string, renamedAs: ReturnType<typeof renaming>): Promise<void> {
  const own = await storedSession(store, id);
  if (renamedAs !== undefined && own?.accountId !== undefined && own.accountId === renamedAs.accountId) {
    await store.shorten(artifactKey('Session', id), RESUME_RETRY_SECONDS);
    return;
  }
  await deleteSession(store, id, own);
}

/** Reads of one key that are in flight at the same moment share one command. */
function sharedReads(store: StateStore) {
  const inFlight = new Map<string, ReturnType<StateStore['getConsumable']>>();
  return (key: string) => {
    let read = inFlight.get(key);
    if (!read) {
      read = store.getConsumable(key).finally(() => inFlight.delete(key));
      inFlight.set(key, read);
    }
    return read;
  };
}

export function createStateStoreAdapterFactory(store: StateStore): (model: string) => Adapter {
  const read = sharedReads(store);
  return (model) => createStateStoreAdapter(model, store, { read });
}

export interface AdapterOptions {
  /** Shared reads (sharedReads). */
  readonly read?: (key: string) => ReturnType<StateStore['getConsumable']>;
  /** Whether a session's destroy is its rename, and as whom it is signed in now (see renaming). */
  readonly renaming?: typeof renaming;
}

export function createStateStoreAdapter(model: string, store: StateStore, options: AdapterOptions = {}): Adapter {
  const read = options.read ?? ((key: string) => store.getConsumable(key));
  const renamingOf = options.renaming ?? renaming;
  const key = (id: string) => artifactKey(model, id);
  const userCodeKey = (userCode: string) => `oidc:${model}:userCode:${userCode}`;
  const shared = TOKEN_MODELS.has(model);

  const parse = (stored: { value: string; consumedAt: number | undefined } | undefined): AdapterPayload | undefined => {
    if (stored === undefined) {
      return undefined;
    }
    const payload = JSON.parse(stored.value) as AdapterPayload;
    if (shared && payload.kind !== model) {
      return undefined;
    }
    return stored.consumedAt === undefined ? payload : { ...payload, consumed: stored.consumedAt };
  };
  const find = async (id: string) => parse(await read(key(id)));

  return {
    async upsert(id, payload, expiresIn) {
      if (expiresIn === undefined) {
        // Everything this adapter holds is short-lived; durable models (Client) have their own adapter.
        throw new Error(`${model} has no expiry and cannot be kept in the state store`);
      }
      const { consumed: _consumed, ...fresh } = payload;
      const value = JSON.stringify(shared ? { ...fresh, kind: model } : fresh);
      await Promise.all([
        store.set(key(id), value, expiresIn),
        payload.userCode ? store.set(userCodeKey(payload.userCode), id, expiresIn) : undefined,
        payload.uid ? store.set(uidKey(model, payload.uid), value, expiresIn) : undefined,
        payload.accountId && ACCOUNT_INDEXED.has(model) ? store.addToSet(accountIndexKey(payload.accountId, model), id, expiresIn) : undefined,
      ]);
    },
    find,
    async findByUid(uid) {
      return parse(await read(uidKey(model, uid)));
    },
    async findByUserCode(userCode) {
      const id = await store.get(userCodeKey(userCode));
      return id === undefined ? undefined : find(id);
    },
    async consume(id) {
      const outcome = await store.consume(key(id), epochSeconds());
      if (outcome === 'consumed') {
        return;
      }
      // Redeemed by someone else meanwhile (a stolen code or token raced the client), or gone: like
      // oidc-provider's own check for a consumed one, revoke everything issued under its grant and refuse.
      const payload = parse(await store.getConsumable(key(id)));
      if (payload?.grantId) {
        await revokeGrant(store, payload.grantId);
      }
      throw alreadyUsed(model);
    },
    async destroy(id) {
      if (model === 'Interaction') {
        // oidc-provider destroys a finished interaction before it answers the resume step. Kept a few seconds
        // more, that step can be sent again: when the instance that had it dies before answering, the load
        // balancer's retry on another instance completes the sign-in instead of ending it.
        await store.shorten(key(id), RESUME_RETRY_SECONDS);
        return;
      }
      await (model === 'Session' ? retireSession(store, id, renamingOf(id)) : store.delete(key(id)));
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
