// An application's own session after the sign-in, as any relying party keeps one: a random id in a signed
// cookie (on the application's path), the data in the state store, ending after an idle time or a longest
// time, and (when asked) all of an account's at once, or the one a provider session signed in (its sid,
// for back-channel logout).
import type { Context } from 'koa';

import { randomToken } from '../core/random-token.js';
import type { StateStore } from '../storage/state/state-store.js';

export interface AppSessionData {
  readonly accountId: string;
  /** For RP-initiated logout (id_token_hint). */
  readonly idToken: string;
  /** The provider's session that signed it in (the ID token's sid), for back-channel logout. */
  readonly sid?: string | undefined;
}

export interface AppSessionOptions {
  /** Names the cookie and the keys. */
  readonly name: string;
  readonly path: string;
  readonly idleSeconds: number;
  readonly maxSeconds: number;
  readonly store: StateStore;
  /** Seconds since the epoch. */
  readonly now: () => number;
}

export function createAppSessions<T extends AppSessionData>(options: AppSessionOptions) {
  const cookie = `${options.name}_session`;
  const key = (id: string) => `${options.name}:session:${id}`;
  const accountKey = (accountId: string) => `${options.name}:sessions:${accountId}`;
  const sidKey = (sid: string) => `${options.name}:sid:${sid}`;
  const cookieOptions = (ctx: Context) => ({ signed: true, httpOnly: true, sameSite: 'lax' as const, secure: ctx.secure, path: options.path });
  const idOf = (ctx: Context) => {
    const id = ctx.cookies.get(cookie, { signed: true });
    return id && /^[A-Za-z0-9_-]{32,64}$/.test(id) ? id : undefined;
  };

  return {
    async start(ctx: Context, session: T): Promise<void> {
      const id = randomToken(32);
      await options.store.set(key(id), JSON.stringify({ ...session, createdAt: options.now() }), options.idleSeconds);
      await options.store.addToSet(accountKey(session.accountId), id, options.maxSeconds);
      if (session.sid !== undefined) {
        await options.store.addToSet(sidKey(session.sid), id, options.maxSeconds);
      }
      ctx.cookies.set(cookie, id, cookieOptions(ctx));
    },

    /** The session of this browser, kept alive by the request; undefined when there is none or it ended. */
    async current(ctx: Context): Promise<T | undefined> {
      const id = idOf(ctx);
      const stored = id ? await options.store.get(key(id)) : undefined;
      if (!id || !stored) {
        return undefined;
      }
      const { createdAt, ...session } = JSON.parse(stored) as T & { createdAt: number };
      if (options.now() - createdAt > options.maxSeconds) {
        await options.store.delete(key(id));
        return undefined;
      }
      await options.store.set(key(id), stored, options.idleSeconds);
      return session as unknown as T;
    },

    async end(ctx: Context): Promise<void> {
      const id = idOf(ctx);
      if (id) {
        await options.store.delete(key(id));
      }
      ctx.cookies.set(cookie, null, cookieOptions(ctx));
    },

    /** Every session of the account (sign out everywhere, suspension, removal). */
    async endAll(accountId: string): Promise<void> {
      const ids = await options.store.members(accountKey(accountId));
      await options.store.delete(...ids.map(key), accountKey(accountId));
    },

    /** The sessions the provider's session `sid` signed in (back-channel logout). */
    async endForProviderSession(sid: string): Promise<void> {
      const ids = await options.store.members(sidKey(sid));
      await options.store.delete(...ids.map(key), sidKey(sid));
    },
  };
}

export type AppSessions<T extends AppSessionData> = ReturnType<typeof createAppSessions<T>>;
