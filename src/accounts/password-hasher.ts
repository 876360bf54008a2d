// Password hashing with argon2id at OWASP's parameters (19 MiB, 2 iterations, parallelism 1).
import argon2, { type HashOptions } from 'argon2';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the same time as a verify that fails: for unknown accounts, so timing tells nothing. */
  verifyNothing(password: string): Promise<void>;
  needsRehash(hash: string): boolean;
}

export interface Argon2Parameters {
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export const OWASP_ARGON2ID: Argon2Parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function createPasswordHasher(parameters: Argon2Parameters = OWASP_ARGON2ID): PasswordHasher {
  const options: HashOptions = { type: argon2.argon2id, ...parameters };
  let dummyHash: Promise<string> | undefined;

  return {
    hash: (password) => argon2.hash(password, options),
    async verify(hash, password) {
      try {
        return await argon2.verify(hash, password);
      } catch {
        // A malformed stored hash is a failed check, never a crash of the sign-in.
        return false;
      }
    },
    async verifyNothing(password) {
      dummyHash ??= argon2.hash('not a password of anyone', options);
      await argon2.verify(await dummyHash, password).catch(() => false);
    },
    needsRehash: (hash) => argon2.needsRehash(hash, options),
  };
}
