// 'Verify your login': a sign-in from a browser the account does not trust waits until the owner uses the
// one-time link (any browser) or types the 6-digit code (in the browser that is signing in), within 15
// minutes. State lives in the state store (Redis in production) under the verification's id.
import { randomInt, randomUUID } from 'node:crypto';

import { z } from 'zod';

import type { Account } from '../../accounts/account.js';
import { describeUserAgent } from '../../accounts/describe-user-agent.js';
import type { Clock } from '../../core/clock.js';
import { constantTimeEqual, randomToken, sha256 } from '../../core/random-token.js';
import type { Language } from '../../i18n/languages.js';
import type { Mailer } from '../../mail/mailer.js';
import type { StateStore } from '../../storage/state/state-store.js';

export const VERIFICATION_MINUTES = 15;
export const MAX_WRONG_CODES = 5;
/** 'Send a new code': at most this many new emails per verification, one a minute. */
export const MAX_RESENDS = 3;
export const RESEND_SECONDS = 60;

const stateSchema = z.object({
  accountId: z.string(),
  interactionUid: z.string(),
  codeHash: z.string(),
  expiresAt: z.number(),
  approved: z.boolean(),
  wrongCodes: z.number(),
  /** The link's token hash, so that a new email can retire the old link. */
  linkHash: z.string(),
  sentAt: z.number(),
  resends: z.number(),
});
type VerificationState = z.infer<typeof stateSchema>;

export type CodeResult = 'ok' | 'wrong' | 'expired' | 'exhausted';
export type ResendResult =
  | { readonly status: 'sent' }
  | { readonly status: 'wait'; readonly seconds: number }
  | { readonly status: 'limit' | 'expired' };
export interface Device {
  readonly ip: string;
  readonly userAgent: string | undefined;
  /** The language of the sign-in's pages: the email's too (English without one). */
  readonly language?: Language | undefined;
}
export type LinkResult =
  | { readonly status: 'approved'; readonly interactionUid: string; readonly verificationId: string }
  | { readonly status: 'expired' };

export interface LoginVerification {
  start(account: Account, interactionUid: string, device: Device): Promise<string>;
  /** 'Send a new code': a new code and link (the old ones stop working), within the limits. */
  resend(verificationId: string, account: Account, device: Device): Promise<ResendResult>;
  /** Whether a link would still approve, without using it (its page checks before it asks). */
  linkIsLive(rawToken: string): Promise<boolean>;
  approveByLink(rawToken: string): Promise<LinkResult>;
  confirmCode(verificationId: string, code: string): Promise<CodeResult>;
  isApproved(verificationId: string): Promise<boolean>;
  end(verificationId: string): Promise<void>;
}

export function createLoginVerification(deps: {
  store: StateStore;
  mailer: Mailer;
  clock: Clock;
  verifyUrl: (token: string) => string;
}): LoginVerification {
  const key = (id: string) => `loginverify:${id}`;
  const linkKey = (tokenHash: string) => `loginverify:link:${tokenHash}`;
  const ttl = VERIFICATION_MINUTES * 60;
  const codeHash = (id: string, code: string) => sha256(`${id}:${code}`);

  const load = async (id: string): Promise<VerificationState | undefined> => {
    const stored = /^[0-9a-f-]{36}$/.test(id) ? await deps.store.get(key(id)) : undefined;
    const parsed = stored === undefined ? undefined : stateSchema.safeParse(JSON.parse(stored));
    return parsed?.success && parsed.data.expiresAt > deps.clock.now().getTime() ? parsed.data : undefined;
  };
  const save = (id: string, state: VerificationState) => deps.store.replace(key(id), JSON.stringify(state));
  /** A new code and link for verification `id`: stored first, mailed when `mail` is called. */
  const send = async (id: string, account: Account, device: Device) => {
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const linkToken = randomToken(32);
    const linkHash = sha256(linkToken);
    await deps.store.set(linkKey(linkHash), id, ttl);
    const verifyUrl = deps.verifyUrl(linkToken);
    const mail = () => deps.mailer.send('verify-login', account.email, {
      name: account.name ?? account.email, verifyUrl, code, minutes: VERIFICATION_MINUTES, ip: device.ip,
      ...describeUserAgent(device.userAgent),
    }, verifyUrl, device.language);
    return { codeHash: codeHash(id, code), linkHash, mail };
  };

  return {
    async start(account, interactionUid, device) {
      const id = randomUUID();
      const now = deps.clock.now().getTime();
      const sent = await send(id, account, device);
      const state: VerificationState = {
        accountId: account.id, interactionUid, codeHash: sent.codeHash, linkHash: sent.linkHash,
        expiresAt: now + ttl * 1000, approved: false, wrongCodes: 0, sentAt: now, resends: 0,
      };
      await deps.store.set(key(id), JSON.stringify(state), ttl);
      await sent.mail();
      return id;
    },
    async resend(id, account, device) {
      const state = await load(id);
      if (!state || state.accountId !== account.id) {
        return { status: 'expired' };
      }
      if (state.resends >= MAX_RESENDS) {
        return { status: 'limit' };
      }
      const now = deps.clock.now().getTime();
      const wait = Math.ceil((state.sentAt + RESEND_SECONDS * 1000 - now) / 1000);
      if (wait > 0) {
        return { status: 'wait', seconds: wait };
      }
      await deps.store.delete(linkKey(state.linkHash));
      const sent = await send(id, account, device);
      // A new 15 minutes and five new tries, for a code that was never seen before.
      await deps.store.set(key(id), JSON.stringify({
        ...state, codeHash: sent.codeHash, linkHash: sent.linkHash, expiresAt: now + ttl * 1000, wrongCodes: 0, sentAt: now, resends: state.resends + 1,
      } satisfies VerificationState), ttl);
      await sent.mail();
      return { status: 'sent' };
    },
    async linkIsLive(rawToken) {
      const id = /^[A-Za-z0-9_-]{43}$/.test(rawToken) ? await deps.store.get(linkKey(sha256(rawToken))) : undefined;
      return id !== undefined && (await load(id)) !== undefined;
    },
    async approveByLink(rawToken) {
      // The link works once: taken from the store before it is honoured.
      const id = /^[A-Za-z0-9_-]{43}$/.test(rawToken) ? await deps.store.take(linkKey(sha256(rawToken))) : undefined;
      const state = id === undefined ? undefined : await load(id);
      if (!id || !state) {
        return { status: 'expired' };
      }
      await save(id, { ...state, approved: true });
      return { status: 'approved', interactionUid: state.interactionUid, verificationId: id };
    },
    async confirmCode(id, code) {
      const state = await load(id);
      if (!state) {
        return 'expired';
      }
      if (state.wrongCodes >= MAX_WRONG_CODES) {
        return 'exhausted';
      }
      if (/^\d{6}$/.test(code) && constantTimeEqual(codeHash(id, code), state.codeHash)) {
        await save(id, { ...state, approved: true });
        return 'ok';
      }
      const wrongCodes = state.wrongCodes + 1;
      await save(id, { ...state, wrongCodes });
      return wrongCodes >= MAX_WRONG_CODES ? 'exhausted' : 'wrong';
    },
    async isApproved(id) {
      return (await load(id))?.approved === true;
    },
    async end(id) {
      await deps.store.delete(key(id));
    },
  };
}
