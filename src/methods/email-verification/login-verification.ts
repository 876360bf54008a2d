// 'Verify your login': a sign-in from a browser the account does not trust waits until the owner uses the
// one-time link (any browser) or types the 6-digit code (in the browser that is signing in), within 15
// minutes. State lives in the state store (Redis in production) under the verification's id.
import { randomInt, randomUUID } from 'node:crypto';

import { z } from 'zod';

import type { Account } from '../../accounts/account.js';
import { describeUserAgent } from '../../accounts/describe-user-agent.js';
import type { Clock } from '../../core/clock.js';
import { constantTimeEqual, randomToken, sha256 } from '../../core/random-token.js';
import type { Mailer } from '../../mail/mailer.js';
import type { StateStore } from '../../storage/state/state-store.js';

export const VERIFICATION_MINUTES = 15;
export const MAX_WRONG_CODES = 5;

const stateSchema = z.object({
  accountId: z.string(),
  interactionUid: z.string(),
  codeHash: z.string(),
  expiresAt: z.number(),
  approved: z.boolean(),
  wrongCodes: z.number(),
});
type VerificationState = z.infer<typeof stateSchema>;

export type CodeResult = 'ok' | 'wrong' | 'expired' | 'exhausted';
export type LinkResult =
  | { readonly status: 'approved'; readonly interactionUid: string; readonly verificationId: string }
  | { readonly status: 'expired' };

export interface LoginVerification {
  start(account: Account, interactionUid: string, device: { ip: string; userAgent: string | undefined }): Promise<string>;
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

  return {
    async start(account, interactionUid, device) {
      const id = randomUUID();
      const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
      const linkToken = randomToken(32);
      const state: VerificationState = {
        accountId: account.id, interactionUid, codeHash: codeHash(id, code),
        expiresAt: deps.clock.now().getTime() + ttl * 1000, approved: false, wrongCodes: 0,
      };
      await deps.store.set(key(id), JSON.stringify(state), ttl);
      await deps.store.set(linkKey(sha256(linkToken)), id, ttl);
      const verifyUrl = deps.verifyUrl(linkToken);
      await deps.mailer.send('verify-login', account.email, {
        name: account.name ?? account.email, verifyUrl, code, minutes: VERIFICATION_MINUTES, ip: device.ip,
        ...describeUserAgent(device.userAgent),
      }, verifyUrl);
      return id;
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
