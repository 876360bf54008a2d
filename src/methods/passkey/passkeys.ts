// Passkeys (WebAuthn, through @simplewebauthn/server): adding one to an account, and signing in with one.
// Each ceremony's challenge is kept in the state store (Redis in production, so any instance can check the
// answer) for five minutes and taken once: a replayed answer finds no challenge. The relying party is this
// server: its ID is ISSUER's host (or WEBAUTHN_RP_ID), the origins ISSUER's (and WEBAUTHN_ORIGINS).
import {
  generateAuthenticationOptions, generateRegistrationOptions, verifyAuthenticationResponse, verifyRegistrationResponse,
  type AuthenticationResponseJSON, type PublicKeyCredentialCreationOptionsJSON, type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { z } from 'zod';

import type { Account } from '../../accounts/account.js';
import type { Clock } from '../../core/clock.js';
import type { StateStore } from '../../storage/state/state-store.js';
import type { PasskeyRepository, StoredPasskey } from './passkey-repository.js';

const CHALLENGE_TTL_SECONDS = 300;
/** 'Not now' to the offer of a passkey: not offered again for this long. */
export const OFFER_PAUSE_SECONDS = 30 * 24 * 3600;

/** Why an answer from the browser was not accepted. */
export type PasskeyRefusal =
  /** No challenge waits for it: too late, already used, or never asked for. */
  | 'expired'
  /** The browser's answer is not a WebAuthn credential at all. */
  | 'malformed'
  /** A credential this server does not know (removed, or of another site). */
  | 'unknown_credential'
  /** The signature, the origin, the RP ID or the challenge did not check out. */
  | 'not_verified'
  /** The signature counter went back: the authenticator may have been cloned. */
  | 'counter_regressed'
  /** The account already has this passkey. */
  | 'already_added';

export interface PasskeySignIn {
  readonly passkey: StoredPasskey;
  readonly userVerified: boolean;
}

export interface RelyingParty {
  readonly id: string;
  readonly origins: readonly string[];
  readonly name: string;
}

// The shape of a browser's answer, before the library checks what it says.
const credentialJson = z.object({
  id: z.string().min(1).max(1024),
  rawId: z.string().min(1).max(1024),
  type: z.literal('public-key'),
  response: z.record(z.string(), z.unknown()),
}).passthrough();

function parseAnswer<T>(raw: string): T | undefined {
  try {
    const parsed = credentialJson.safeParse(JSON.parse(raw));
    return parsed.success ? (parsed.data as T) : undefined;
  } catch {
    return undefined;
  }
}

/** The WebAuthn user handle of an account, base64url: its id's bytes (no personal data). */
const userHandleOf = (accountId: string) => Buffer.from(accountId, 'utf8').toString('base64url');

/** RFC 8176: a synced passkey is a software key, one bound to its device a hardware key; 'user' when it verified the user. */
export function passkeyAmr(signIn: PasskeySignIn): string[] {
  return [signIn.passkey.deviceType === 'multiDevice' ? 'swk' : 'hwk', ...(signIn.userVerified ? ['user', 'mfa'] : [])];
}

export function createPasskeys(deps: { repository: PasskeyRepository; store: StateStore; clock: Clock; relyingParty: RelyingParty }) {
  const { repository, store, relyingParty } = deps;
  const registrationKey = (accountId: string) => `passkey:register:${accountId}`;
  const signInKey = (flow: string) => `passkey:sign-in:${flow}`;
  const offerDismissedKey = (accountId: string) => `passkey:offer-dismissed:${accountId}`;

  return {
    list: (accountId: string) => repository.list(accountId),
    remove: (accountId: string, id: string) => repository.remove(accountId, id),
    removeAll: (accountId: string) => repository.removeAll(accountId),

    /** Whether to offer a passkey after a password sign-in: the account has none, and did not say 'Not now' lately. */
    async offerDue(accountId: string): Promise<boolean> {
      return (await store.get(offerDismissedKey(accountId))) === undefined && (await repository.list(accountId)).length === 0;
    },
    async dismissOffer(accountId: string): Promise<void> {
      await store.set(offerDismissedKey(accountId), '1', OFFER_PAUSE_SECONDS);
    },

    async registrationOptions(account: Account): Promise<PublicKeyCredentialCreationOptionsJSON> {
      const existing = await repository.list(account.id);
      const options = await generateRegistrationOptions({
        rpName: relyingParty.name,
        rpID: relyingParty.id,
        userName: account.email,
        userDisplayName: account.name ?? account.email,
        userID: new TextEncoder().encode(account.id),
        attestationType: 'none',
        excludeCredentials: existing.map((passkey) => ({ id: passkey.credentialId, transports: [...passkey.transports] })),
        authenticatorSelection: { residentKey: 'required', userVerification: 'preferred' },
      });
      await store.set(registrationKey(account.id), options.challenge, CHALLENGE_TTL_SECONDS);
      return options;
    },

    async register(account: Account, answer: string, name: string): Promise<StoredPasskey | PasskeyRefusal> {
      const response = parseAnswer<RegistrationResponseJSON>(answer);
      if (!response) {
        return 'malformed';
      }
      const challenge = await store.take(registrationKey(account.id));
      if (challenge === undefined) {
        return 'expired';
      }
      const verification = await verifyRegistrationResponse({
        response, expectedChallenge: challenge, expectedOrigin: [...relyingParty.origins], expectedRPID: relyingParty.id,
        requireUserVerification: false,
      }).catch(() => undefined);
      if (!verification?.verified) {
        return 'not_verified';
      }
      const { credential, credentialDeviceType, credentialBackedUp, aaguid } = verification.registrationInfo;
      if (await repository.findByCredentialId(credential.id)) {
        return 'already_added';
      }
      return repository.add({
        accountId: account.id, credentialId: credential.id, publicKey: credential.publicKey, counter: credential.counter,
        transports: credential.transports ?? [], deviceType: credentialDeviceType, backedUp: credentialBackedUp, aaguid,
        name, createdAt: deps.clock.now(),
      });
    },

    /**
     * For the sign-in `flow` (an interaction's id): any of the user's discoverable passkeys may answer; for a
     * step-up (`accountId`), one of that account's, and it must verify the user.
     */
    async signInOptions(flow: string, accountId?: string): Promise<PublicKeyCredentialRequestOptionsJSON> {
      const own = accountId ? await repository.list(accountId) : undefined;
      const options = await generateAuthenticationOptions({
        rpID: relyingParty.id,
        userVerification: own ? 'required' : 'preferred',
        ...(own ? { allowCredentials: own.map((passkey) => ({ id: passkey.credentialId, transports: [...passkey.transports] as never })) } : {}),
      });
      await store.set(signInKey(flow), options.challenge, CHALLENGE_TTL_SECONDS);
      return options;
    },

    async signIn(flow: string, answer: string): Promise<PasskeySignIn | PasskeyRefusal> {
      const response = parseAnswer<AuthenticationResponseJSON>(answer);
      if (!response) {
        return 'malformed';
      }
      const challenge = await store.take(signInKey(flow));
      if (challenge === undefined) {
        return 'expired';
      }
      const passkey = await repository.findByCredentialId(response.id);
      if (!passkey) {
        return 'unknown_credential';
      }
      // A discoverable passkey names its user (the account's id, given at registration): it must be this one's.
      const userHandle = (response.response as { userHandle?: unknown }).userHandle;
      if (userHandle !== undefined && userHandle !== null && userHandle !== userHandleOf(passkey.accountId)) {
        return 'not_verified';
      }
      let regressed = false;
      const verification = await verifyAuthenticationResponse({
        response, expectedChallenge: challenge, expectedOrigin: [...relyingParty.origins], expectedRPID: relyingParty.id,
        credential: { id: passkey.credentialId, publicKey: new Uint8Array(passkey.publicKey), counter: passkey.counter, transports: [...passkey.transports] as never },
        requireUserVerification: false,
      }).catch((error: unknown) => {
        regressed = error instanceof Error && /counter value/i.test(error.message);
        return undefined;
      });
      if (!verification?.verified) {
        return regressed ? 'counter_regressed' : 'not_verified';
      }
      const info = verification.authenticationInfo;
      await repository.recordUse(passkey.id, { counter: info.newCounter, backedUp: info.credentialBackedUp, at: deps.clock.now() });
      return { passkey, userVerified: info.userVerified };
    },
  };
}

export type Passkeys = ReturnType<typeof createPasskeys>;
