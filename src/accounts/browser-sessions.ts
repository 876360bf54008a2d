// My account's Sessions list: the browsers the account is signed in on (the provider's sessions), with the
// device each signed in from, when each was last used, and the applications signed in there; and signing
// one out. The device is recorded when a sign-in lands in the session (the provider's resume step, in
// that browser); "last used" is when the provider last slid the session.

/** What a sign-in records about the browser it happened in. */
export interface SessionDevice {
  readonly browser: string;
  readonly platform: string;
  readonly ip: string;
}

export interface BrowserSession {
  /** The session's public id (never its cookie value). */
  readonly uid: string;
  readonly signedInAt: Date;
  readonly lastActiveAt: Date;
  /** 'Keep me signed in': the session outlives the browser. */
  readonly remembered: boolean;
  readonly device: SessionDevice | undefined;
  /** The client ids of the applications signed in with this session. */
  readonly clientIds: readonly string[];
}

export interface BrowserSessions {
  /** Called when a sign-in lands in the session `uid` (the browser's). */
  recordDevice(uid: string, device: SessionDevice): Promise<void>;
  /** The account's sessions, most recently used first. */
  list(accountId: string): Promise<BrowserSession[]>;
  /** Signs one session out (and ends the applications' grants made in it); false if it is not the account's. */
  end(accountId: string, uid: string): Promise<boolean>;
}
