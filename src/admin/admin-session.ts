// The Admin Center's own session, as any relying party keeps one after the sign-in: a random id in a
// signed cookie (path /admin), the data in the state store, ending after an hour without activity or
// twelve hours in all, and at once when the account is signed out everywhere.
import type { Context } from 'koa';

import { randomToken } from '../core/random-token.js';
import type { StateStore } from '../storage/state/state-store.js';

export interface AdminSession {
  readonly accountId: string;
  readonly organizationId: string;
  /** For RP-initiated logout (id_token_hint). */
  readonly idToken: string;
  /** Seconds since the epoch. */
  readonly createdAt: number;
}

export const ADMIN_IDLE_SECONDS = 3600;
export const ADMIN_MAX_SECONDS = 12 * 3600;
const COOKIE = 'admin_session';

const key = (id: string) => `admin:session:${id}`;
const accountKey = (accountId: string) => `admin:sessions:${accountId}`;

export function createAdminSessions(deps: { store: StateStore; now: () => number }) {
  const cookieOptions = (ctx: Context) => ({ signed: true, httpOnly: true, sameSite: 'lax' as const, secure: ctx.secure, path: '/admin' });
  const idOf = (ctx: Context) => {
    const id = ctx.cookies.get(COOKIE, { signed: true });
    return id && /^[A-Za-z0-9_-]{32,64}$/.test(id) ? id : undefined;
  };

  return {
    async start(ctx: Context, session: Omit<AdminSession, 'createdAt'>): Promise<void> {
      const id = randomToken(32);
      await deps.store.set(key(id), JSON.stringify({ ...session, createdAt: deps.now() }), ADMIN_IDLE_SECONDS);
      await deps.store.addToSet(accountKey(session.accountId), id, ADMIN_MAX_SECONDS);
      ctx.cookies.set(COOKIE, id, cookieOptions(ctx));
    },

    /** The session of this browser, kept alive by the request; undefined when there is none or it ended. */
    async current(ctx: Context): Promise<AdminSession | undefined> {
      const id = idOf(ctx);
      const stored = id ? await deps.store.get(key(id)) : undefined;
      if (!id || !stored) {
        return undefined;
      }
      const session = JSON.parse(stored) as AdminSession;
      if (deps.now() - session.createdAt > ADMIN_MAX_SECONDS) {
        await deps.store.delete(key(id));
        return undefined;
      }
      await deps.store.set(key(id), stored, ADMIN_IDLE_SECONDS);
      return session;
    },

    async end(ctx: Context): Promise<void> {
      const id = idOf(ctx);
      if (id) {
        await deps.store.delete(key(id));
      }
      ctx.cookies.set(COOKIE, null, cookieOptions(ctx));
    },

    /** Every Admin Center session of the account (sign out everywhere, suspension, removal). */
    async endAll(accountId: string): Promise<void> {
      const ids = await deps.store.members(accountKey(accountId));
      await deps.store.delete(...ids.map(key), accountKey(accountId));
    },
  };
}

export type AdminSessions = ReturnType<typeof createAdminSessions>;
