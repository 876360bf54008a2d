// Password hashing with argon2id at OWASP's parameters (19 MiB, 2 iterations, parallelism 1), in
// @node-rs/argon2 (prebuilt for each platform, no install script; runs off the main thread, in libuv's pool).
// No more hashes run at once than the process has cores: libuv's pool has 4 threads, and 4 hashes sharing
// one core take a third longer each than one after the other (their 19 MiB each crowd the caches out, and
// the threads preempt each other), so sign-ins were slower for it, not faster.
import { availableParallelism } from 'node:os';

import { hash, verify, type Algorithm } from '@node-rs/argon2';

import { concurrencyLimit } from '../core/concurrency-limit.js';

// Algorithm is a const enum, which isolated modules cannot read: its Argon2id member is 2.
const ARGON2ID = 2 as Algorithm;

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hash: string, password: string): Promise<boolean>;
  /** Spends the same time as a verify that fails: for unknown accounts, so timing tells nothing. */
  verifyNothing(password: string): Promise<void>;
  needsRehash(hash: string): boolean;
}

export interface Argon2Parameters {
  /** KiB. */
  readonly memoryCost: number;
  readonly timeCost: number;
  readonly parallelism: number;
}

export const OWASP_ARGON2ID: Argon2Parameters = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/**
 * `concurrency`: how many hashes may run at once; by default the cores this process may use
 * (availableParallelism follows taskset's and the container's CPU affinity).
 */
export function createPasswordHasher(parameters: Argon2Parameters = OWASP_ARGON2ID, concurrency = availableParallelism()): PasswordHasher {
  const options = { algorithm: ARGON2ID, ...parameters };
  const limited = concurrencyLimit(concurrency);
  let dummyHash: Promise<string> | undefined;

  const safeVerify = async (stored: string, password: string) => {
    try {
      return await limited(() => verify(stored, password));
    } catch {
      // A malformed stored hash is a failed check, never a crash of the sign-in.
      return false;
    }
  };

  return {
    hash: (password) => limited(() => hash(password, options)),
    verify: safeVerify,
    async verifyNothing(password) {
      dummyHash ??= limited(() => hash('not a password of anyone', options));
      await safeVerify(await dummyHash, password);
    },
    needsRehash: (stored) => !matchesParameters(stored, parameters),
  };
}

/** Whether a PHC string ($argon2id$v=19$m=...,t=...,p=...$salt$hash) was made with these parameters. */
function matchesParameters(stored: string, parameters: Argon2Parameters): boolean {
  const match = /^\$argon2id\$v=19\$m=(\d+),t=(\d+),p=(\d+)\$/.exec(stored);
  return match !== null
    && Number(match[1]) === parameters.memoryCost
    && Number(match[2]) === parameters.timeCost
    && Number(match[3]) === parameters.parallelism;
}
