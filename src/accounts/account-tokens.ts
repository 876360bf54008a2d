// Single-use links sent by email (reset password, activation): random tokens, stored only as a hash,
// each with its expiry; issuing one invalidates the account's older ones of the same kind.
import { randomToken, sha256 } from '../core/random-token.js';
import type { Clock } from '../core/clock.js';
import type { AccountTokenRepository, StoredAccountToken, TokenPurpose } from './account-token-repository.js';

export type TokenCheck =
  | { readonly status: 'valid'; readonly token: StoredAccountToken }
  | { readonly status: 'expired' | 'used' | 'unknown' };

export interface AccountTokens {
  issue(accountId: string, purpose: TokenPurpose, ttlSeconds: number, context?: Record<string, string>): Promise<string>;
  check(raw: string, purpose: TokenPurpose): Promise<TokenCheck>;
  /** Checks and uses up the token at once: of two concurrent uses, one wins. */
  consume(raw: string, purpose: TokenPurpose): Promise<TokenCheck>;
}

const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function createAccountTokens(deps: { repository: AccountTokenRepository; clock: Clock }): AccountTokens {
  const check = async (raw: string, purpose: TokenPurpose): Promise<TokenCheck> => {
    // Anything not shaped like our tokens is unknown without a database look-up.
    const token = TOKEN_SHAPE.test(raw) ? await deps.repository.findByHash(sha256(raw)) : undefined;
    if (!token || token.purpose !== purpose) {
      return { status: 'unknown' };
    }
    if (token.usedAt) {
      return { status: 'used' };
    }
    if (token.expiresAt <= deps.clock.now()) {
      return { status: 'expired' };
    }
    return { status: 'valid', token };
  };

  return {
    async issue(accountId, purpose, ttlSeconds, context) {
      const now = deps.clock.now();
      await deps.repository.invalidate(accountId, purpose, now);
      const raw = randomToken(32);
      await deps.repository.create({
        accountId, purpose, tokenHash: sha256(raw), expiresAt: new Date(now.getTime() + ttlSeconds * 1000), context: context ?? null,
      });
      return raw;
    },
    check,
    async consume(raw, purpose) {
      const result = await check(raw, purpose);
      if (result.status !== 'valid') {
        return result;
      }
      return (await deps.repository.consume(sha256(raw), deps.clock.now())) ? result : { status: 'used' };
    },
  };
}
