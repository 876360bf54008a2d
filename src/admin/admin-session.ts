// The Admin Center's own session: an hour without activity or twelve hours in all, and ended at once when
// the account is signed out everywhere.
import type { StateStore } from '../storage/state/state-store.js';
import { createAppSessions, type AppSessionData, type AppSessions } from '../relying-party/app-sessions.js';

export interface AdminSession extends AppSessionData {
  /** The organization it was opened for; empty while a server administrator creates their company account. */
  readonly organizationId: string;
}

export const ADMIN_IDLE_SECONDS = 3600;
export const ADMIN_MAX_SECONDS = 12 * 3600;

export function createAdminSessions(deps: { store: StateStore; now: () => number }): AdminSessions {
  return createAppSessions<AdminSession>({ name: 'admin', path: '/admin', idleSeconds: ADMIN_IDLE_SECONDS, maxSeconds: ADMIN_MAX_SECONDS, ...deps });
}

export type AdminSessions = AppSessions<AdminSession>;
