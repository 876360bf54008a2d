// Recovery codes: 10 at a time, each about 50 bits (10 characters without look-alikes), single use;
// stored as hashes bound to the account.
import { randomInt } from 'node:crypto';

import { sha256 } from '../core/random-token.js';

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

export function newRecoveryCodes(): string[] {
  return Array.from({ length: RECOVERY_CODE_COUNT }, () => {
    const chars = Array.from({ length: 10 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    return `${chars.slice(0, 5)}-${chars.slice(5)}`;
  });
}

/** Case, spaces and dashes do not matter when typing a code back. */
export function recoveryCodeHash(accountId: string, code: string): string {
  return sha256(`${accountId}:${code.toLowerCase().replace(/[\s-]/g, '')}`);
}
