// Sessions we end ourselves (Sign out of all sessions, a password reset, an administrator's suspension, one
// session signed out on My account): who listens is told which applications each ended session had signed
// in, with the session id each knew it by, so that they can be told too (back-channel logout).

/** One application signed in within an ended session: its client id and the session id (sid) it was given. */
export interface EndedSignIn {
  readonly clientId: string;
  readonly sid: string;
}

/** A session as the provider keeps it: each application it signed in, with the sid that application was given. */
export interface SessionSignIns {
  readonly authorizations?: Record<string, { sid?: string | undefined } | undefined> | undefined;
}

/** The applications the session signed in, with the session id each was given. */
export function signInsOf(session: SessionSignIns): EndedSignIn[] {
  return Object.entries(session.authorizations ?? {}).flatMap(([clientId, authorization]) =>
    (typeof authorization?.sid === 'string' ? [{ clientId, sid: authorization.sid }] : []));
}

export type SessionsEndedListener = (accountId: string, ended: readonly EndedSignIn[]) => void;

export interface SessionEndings {
  listen(listener: SessionsEndedListener): void;
  ended(accountId: string, ended: readonly EndedSignIn[]): void;
}

export function createSessionEndings(): SessionEndings {
  const listeners: SessionsEndedListener[] = [];
  return {
    listen: (listener) => {
      listeners.push(listener);
    },
    ended(accountId, ended) {
      if (ended.length === 0) {
        return;
      }
      for (const listener of listeners) {
        listener(accountId, ended);
      }
    },
  };
}
