// Everything of one account in the state store, through the account indexes the adapter keeps.
import type { AdapterPayload } from 'oidc-provider';
import { z } from 'zod';

import type { BrowserSession, BrowserSessions } from '../../accounts/browser-sessions.js';
import { signInsOf, type SessionEndings } from '../../accounts/session-endings.js';
import type { SessionRevoker } from '../../accounts/session-revoker.js';
import type { StateStore } from '../state/state-store.js';
import { accountIndexKey, artifactKey, destroySession, revokeGrant } from './state-store-adapter.js';

export function createSessionRevoker(store: StateStore, endings: Pick<SessionEndings, 'ended'>): SessionRevoker {
  return {
    async signOutEverywhere(accountId) {
      const sessions = await store.members(accountIndexKey(accountId, 'Session'));
      const payloads = await Promise.all(sessions.map(async (id) => parsePayload(await store.get(artifactKey('Session', id)))));
      await Promise.all(sessions.map((id, index) => destroySession(store, id, payloads[index])));
      endings.ended(accountId, payloads.flatMap((payload) => (payload?.accountId === accountId ? signInsOf(payload) : [])));
      await store.delete(accountIndexKey(accountId, 'Session'));
      const grants = await store.members(accountIndexKey(accountId, 'Grant'));
      await Promise.all(grants.map((grantId) => revokeGrant(store, grantId)));
      await store.delete(accountIndexKey(accountId, 'Grant'));
    },
  };
}

const deviceSchema = z.object({ browser: z.string(), platform: z.string(), ip: z.string() });
const deviceKey = (uid: string) => `session-device:${uid}`;

interface SessionPayload extends AdapterPayload {
  readonly loginTs?: number;
  readonly transient?: boolean;
  readonly authorizations?: Record<string, { grantId?: string; sid?: string }>;
}

const parsePayload = (stored: string | undefined) => (stored === undefined ? undefined : (JSON.parse(stored) as SessionPayload));

/**
 * `ttl`: the provider's session lifetimes, by which "last used" is read off a session's expiry (each use
 * slides it to now + its lifetime).
 */
export function createBrowserSessions(store: StateStore, ttl: { session: number; keepSignedIn: number },
  endings: Pick<SessionEndings, 'ended'>): BrowserSessions {
  const sessionsOf = async (accountId: string) => {
    const ids = await store.members(accountIndexKey(accountId, 'Session'));
    const found = await Promise.all(ids.map(async (id) => {
      const payload = parsePayload(await store.get(artifactKey('Session', id)));
      return payload?.accountId === accountId && payload.uid && payload.exp ? { id, payload } : undefined;
    }));
    return found.filter((entry) => entry !== undefined);
  };
  /**
   * One session per uid: the one most recently saved. A session's identifier changes on each resumed
   * authorization request, and the old one is kept a few seconds (see retireSession).
   */
  const latestOf = (sessions: Awaited<ReturnType<typeof sessionsOf>>) => {
    const latest = new Map<string, (typeof sessions)[number]>();
    for (const session of sessions) {
      const seen = latest.get(session.payload.uid!);
      if (!seen || session.payload.exp! > seen.payload.exp!) {
        latest.set(session.payload.uid!, session);
      }
    }
    return [...latest.values()];
  };
  return {
    async recordDevice(uid, device) {
      await store.set(deviceKey(uid), JSON.stringify(device), Math.max(ttl.session, ttl.keepSignedIn));
    },
    async list(accountId) {
      const sessions = latestOf(await sessionsOf(accountId));
      const listed = await Promise.all(sessions.map(async ({ payload }): Promise<BrowserSession> => {
        const stored = await store.get(deviceKey(payload.uid!));
        const device = stored === undefined ? undefined : deviceSchema.safeParse(JSON.parse(stored));
        const lifetime = payload.transient ? ttl.session : ttl.keepSignedIn;
        return {
          uid: payload.uid!,
          signedInAt: new Date((payload.loginTs ?? payload.iat ?? 0) * 1000),
          lastActiveAt: new Date((payload.exp! - lifetime) * 1000),
          remembered: payload.transient !== true,
          device: device?.success ? device.data : undefined,
          clientIds: Object.keys(payload.authorizations ?? {}),
        };
      }));
      return listed.sort((a, b) => b.lastActiveAt.getTime() - a.lastActiveAt.getTime());
    },
    async end(accountId, uid) {
      // The session and any old identifier of it that is still kept.
      const identifiers = (await sessionsOf(accountId)).filter(({ payload }) => payload.uid === uid);
      const [session] = latestOf(identifiers);
      if (!session) {
        return false;
      }
      await Promise.all(identifiers.map(async ({ id, payload }) => {
        await destroySession(store, id, payload);
        await store.removeFromSet(accountIndexKey(accountId, 'Session'), id);
      }));
      endings.ended(accountId, signInsOf(session.payload));
      const grants = Object.values(session.payload.authorizations ?? {}).map((authorization) => authorization.grantId).filter((id) => id !== undefined);
      await Promise.all(grants.map((grantId) => revokeGrant(store, grantId)));
      return true;
    },
  };
}
