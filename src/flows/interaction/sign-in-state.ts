// What the sign-in has learnt so far (the email, 'Keep me signed in', a pending verification), kept in the state store under the
// interaction's id and for as long as the interaction lives: Redis in production, so any instance can go on.
import { z } from 'zod';

import type { StateStore } from '../../storage/state/state-store.js';

const signInStateSchema = z.object({
  email: z.string(),
  remember: z.boolean(),
  /** Set once the password is right (or, for a step-up, from the session) and a further step is pending. */
  accountId: z.string().optional(),
  /** Login verification by email is pending. */
  verificationId: z.string().optional(),
  /** Two-step verification (authenticator code or recovery code) is pending. */
  mfa: z.boolean().optional(),
  mfaFailures: z.number().int().optional(),
  /** The first factor comes from the existing session: only the second is asked for. */
  stepUp: z.boolean().optional(),
  /** How the first factor was proven: a password, a federated sign-in (company or social), or a passkey without user verification. */
  firstFactor: z.enum(['pwd', 'fed', 'hwk', 'swk']).optional(),
  /** The password page found that this browser can make passkeys: offer one when the sign-in completes. */
  passkeyCapable: z.boolean().optional(),
  /** Home-realm discovery chose this company connection. */
  connectionId: z.string().optional(),
  /** A federated sign-in came back for this account, from this source (connection:ID, google, ...). */
  federated: z.string().optional(),
  /** The federated provider says it asked for more than one factor. */
  federatedMfa: z.boolean().optional(),
});

export type SignInState = z.infer<typeof signInStateSchema>;

export interface SignInStateStore {
  load(uid: string): Promise<SignInState | undefined>;
  /** `expiresAt`: the interaction's expiry, in seconds since the epoch. */
  save(uid: string, state: SignInState, expiresAt: number): Promise<void>;
  clear(uid: string): Promise<void>;
}

export function createSignInStateStore(store: StateStore): SignInStateStore {
  const key = (uid: string) => `signin:${uid}`;
  return {
    async load(uid) {
      const stored = await store.get(key(uid));
      if (stored === undefined) {
        return undefined;
      }
      const parsed = signInStateSchema.safeParse(JSON.parse(stored));
      return parsed.success ? parsed.data : undefined;
    },
    async save(uid, state, expiresAt) {
      const ttl = Math.max(1, expiresAt - Math.floor(Date.now() / 1000));
      await store.set(key(uid), JSON.stringify(state), ttl);
    },
    async clear(uid) {
      await store.delete(key(uid));
    },
  };
}
