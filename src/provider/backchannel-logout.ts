// Back-channel logout (OIDC Back-Channel Logout 1.0): when a session ends, every application it signed in
// that registered a backchannel_logout_uri is sent a signed logout token (sub, sid, events; no nonce) by
// oidc-provider's client. An application that does not answer 200 or 204 is tried again a few times; each
// outcome goes to the audit log. oidc-provider sends its own on RP-initiated logout; a failure there comes
// here for the retries.
import type Provider from 'oidc-provider';

import type { EndedSignIn } from '../accounts/session-endings.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { Logger } from '../core/logger.js';

/** oidc-provider's Client sends the logout token (its typings do not declare the method). */
interface LogoutCapable {
  backchannelLogout(sub: string, sid: string): Promise<void>;
}

/** Waits before each further try: about half a minute in all. */
export const BACKCHANNEL_RETRY_DELAYS_MS = [1000, 5000, 25_000] as const;

export interface BackchannelLogout {
  /** Tells each application of the ended sessions; resolves when each has answered or run out of tries. */
  notify(accountId: string, ended: readonly EndedSignIn[]): Promise<void>;
  /** oidc-provider's own delivery (RP-initiated logout) went through. */
  delivered(accountId: string, signIn: EndedSignIn): Promise<void>;
  /** oidc-provider's own delivery failed once: the retries go on here. */
  retry(accountId: string, signIn: EndedSignIn): Promise<void>;
  /**
   * The server stops: deliveries waiting to be tried again are tried at once (with no more waits), and
   * this resolves when every delivery has ended, or after `timeoutMs`. Only a crash loses a retry.
   */
  flush(timeoutMs: number): Promise<void>;
}

export function createBackchannelLogout(deps: {
  provider: () => Provider;
  audit: Pick<AuditLog, 'record'>;
  logger: Logger;
  retryDelaysMs?: readonly number[];
}): BackchannelLogout {
  const delays = deps.retryDelaysMs ?? BACKCHANNEL_RETRY_DELAYS_MS;
  let stopping = false;
  const inFlight = new Set<Promise<void>>();
  /** Ends each wait now, when the server stops. */
  const wakers = new Set<() => void>();
  const wait = (ms: number) => (stopping ? Promise.resolve() : new Promise<void>((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      wakers.delete(wake);
      resolve();
    };
    const timer = setTimeout(wake, ms).unref();
    wakers.add(wake);
  }));
  const record = (accountId: string, signIn: EndedSignIn, tries: number, error?: unknown) => deps.audit.record({
    type: error === undefined ? 'logout.backchannel_delivered' : 'logout.backchannel_failed',
    ...(error === undefined ? {} : { reason: 'no_acknowledgement' }),
    accountId, clientId: signIn.clientId, details: { tries },
  });
  const send = async (accountId: string, signIn: EndedSignIn, delaysLeft: readonly number[], tries: number): Promise<void> => {
    const client = await deps.provider().Client.find(signIn.clientId);
    if (!client?.backchannelLogoutUri) {
      return;
    }
    try {
      await (client as unknown as LogoutCapable).backchannelLogout(accountId, signIn.sid);
      await record(accountId, signIn, tries);
    } catch (error) {
      const [delay, ...rest] = delaysLeft;
      if (delay === undefined) {
        // The URI is the client's registration, not a secret; the token itself is never logged.
        deps.logger.warn({ clientId: signIn.clientId, uri: client.backchannelLogoutUri, err: error }, 'back-channel logout not acknowledged');
        await record(accountId, signIn, tries, error);
        return;
      }
      await wait(delay);
      await send(accountId, signIn, rest, tries + 1);
    }
  };
  const guarded = (work: Promise<void>) => {
    const tracked = work.catch((error: unknown) => deps.logger.error({ err: error }, 'back-channel logout failed'))
      .finally(() => inFlight.delete(tracked));
    inFlight.add(tracked);
    return tracked;
  };

  return {
    async notify(accountId, ended) {
      await Promise.all(ended.map((signIn) => guarded(send(accountId, signIn, delays, 1))));
    },
    delivered: (accountId, signIn) => guarded(record(accountId, signIn, 1)),
    retry: (accountId, signIn) => guarded((async () => {
      const [delay, ...rest] = delays;
      await wait(delay ?? 0);
      await send(accountId, signIn, rest, 2);
    })()),
    async flush(timeoutMs) {
      stopping = true;
      for (const wake of [...wakers]) {
        wake();
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        Promise.all([...inFlight]),
        new Promise((resolve) => {
          timer = setTimeout(resolve, timeoutMs);
        }),
      ]);
      clearTimeout(timer);
    },
  };
}
