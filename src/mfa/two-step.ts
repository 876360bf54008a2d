// Two-step verification of an account: enrolment (a pending secret until confirmed with a code), codes
// checked once each (a replayed code, same account and time-step, is refused through the state store),
// recovery codes, turning it off.
import type { Account } from '../accounts/account.js';
import type { Clock } from '../core/clock.js';
import type { SecretBox } from '../core/secret-box.js';
import type { StateStore } from '../storage/state/state-store.js';
import type { MfaRepository } from './mfa-repository.js';
import { newRecoveryCodes, recoveryCodeHash } from './recovery-codes.js';
import { checkTotp, newTotpSecret, TOTP_PERIOD_SECONDS, totpUri } from './totp.js';

export const ENROLMENT_MINUTES = 15;

export type CodeResult = 'ok' | 'wrong' | 'replayed';

export interface TwoStepStatus {
  readonly enabled: boolean;
  readonly enabledAt: Date | undefined;
  readonly recoveryCodesLeft: number;
}

export interface Enrolment {
  readonly secret: string;
  readonly uri: string;
}

export interface TwoStep {
  isEnabled(accountId: string): Promise<boolean>;
  status(accountId: string): Promise<TwoStepStatus>;
  /** The pending enrolment of the account, started if there is none. */
  enrolment(account: Account): Promise<Enrolment>;
  /** Turns it on when the code fits the pending secret; returns the recovery codes, to show once. */
  confirm(account: Account, code: string): Promise<readonly string[] | CodeResult>;
  verifyCode(accountId: string, code: string): Promise<CodeResult>;
  useRecoveryCode(accountId: string, code: string): Promise<boolean>;
  regenerateRecoveryCodes(accountId: string): Promise<readonly string[]>;
  disable(accountId: string): Promise<void>;
}

export function createTwoStep(deps: {
  repository: MfaRepository;
  store: StateStore;
  secrets: SecretBox;
  clock: Clock;
  issuerName: string;
}): TwoStep {
  const pendingKey = (accountId: string) => `totp:pending:${accountId}`;
  const sealContext = (accountId: string) => `totp:pending:${accountId}`;

  /** Checks a code against a secret; a code of a time-step already used for this account is refused. */
  const checkOnce = async (accountId: string, secret: string, code: string): Promise<CodeResult> => {
    const check = await checkTotp(secret, code.replace(/\s+/g, ''), deps.clock.now());
    if (!check.valid) {
      return 'wrong';
    }
    // Kept past the last moment the code could still be accepted (one step of skew after its own).
    const fresh = await deps.store.setIfAbsent(`totp:used:${accountId}:${check.timeStep}`, '1', 3 * TOTP_PERIOD_SECONDS);
    return fresh ? 'ok' : 'replayed';
  };
  const codes = (accountId: string) => {
    const plain = newRecoveryCodes();
    return { plain, hashes: plain.map((code) => recoveryCodeHash(accountId, code)) };
  };

  return {
    isEnabled: async (accountId) => (await deps.repository.findTotp(accountId)) !== undefined,
    async status(accountId) {
      const totp = await deps.repository.findTotp(accountId);
      return {
        enabled: totp !== undefined,
        enabledAt: totp?.enabledAt,
        recoveryCodesLeft: totp ? await deps.repository.countUnusedRecoveryCodes(accountId) : 0,
      };
    },
    async enrolment(account) {
      const stored = await deps.store.get(pendingKey(account.id));
      const secret = stored ? deps.secrets.open(stored, sealContext(account.id)) : newTotpSecret();
      if (!stored) {
        await deps.store.set(pendingKey(account.id), deps.secrets.seal(secret, sealContext(account.id)), ENROLMENT_MINUTES * 60);
      }
      return { secret, uri: totpUri(secret, account.email, deps.issuerName) };
    },
    async confirm(account, code) {
      const stored = await deps.store.get(pendingKey(account.id));
      if (!stored) {
        return 'wrong';
      }
      const secret = deps.secrets.open(stored, sealContext(account.id));
      const result = await checkOnce(account.id, secret, code);
      if (result !== 'ok') {
        return result;
      }
      const { plain, hashes } = codes(account.id);
      await deps.repository.enableTotp(account.id, secret, deps.clock.now(), hashes);
      await deps.store.delete(pendingKey(account.id));
      return plain;
    },
    async verifyCode(accountId, code) {
      const totp = await deps.repository.findTotp(accountId);
      return totp ? checkOnce(accountId, totp.secret, code) : 'wrong';
    },
    useRecoveryCode: (accountId, code) => deps.repository.useRecoveryCode(accountId, recoveryCodeHash(accountId, code), deps.clock.now()),
    async regenerateRecoveryCodes(accountId) {
      const { plain, hashes } = codes(accountId);
      await deps.repository.replaceRecoveryCodes(accountId, hashes);
      return plain;
    },
    async disable(accountId) {
      await deps.repository.disableTotp(accountId);
    },
  };
}
