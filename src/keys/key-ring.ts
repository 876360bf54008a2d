// The provider's signing keys: created on first start, rotated on demand, retired when no token signed
// with them needs to verify any more. The newest active key of each algorithm signs; every active key verifies.
import type { JsonWebKey } from 'node:crypto';

import { AppError } from '../core/app-error.js';
import { generateSigningKey } from './generate-signing-key.js';
import { SIGNING_ALGORITHMS, type SigningKey } from './signing-key.js';
import type { SigningKeyRepository } from './signing-key-repository.js';

export interface PrivateJwks {
  readonly keys: readonly (JsonWebKey & { kid: string; alg: string; use: 'sig' })[];
}

export interface KeyRing {
  /** Creates a key for each algorithm that has none active. Says which it created. */
  ensureKeys(): Promise<SigningKey[]>;
  rotate(): Promise<SigningKey[]>;
  retire(kid: string): Promise<SigningKey>;
  list(): Promise<SigningKey[]>;
  /** The active keys, the signing key of each algorithm first, as oidc-provider's `jwks`. */
  activeJwks(): Promise<PrivateJwks>;
  version(): Promise<string>;
}

export function createKeyRing(deps: { repository: SigningKeyRepository; now?: () => Date }): KeyRing {
  const now = deps.now ?? (() => new Date());
  const active = async () => (await deps.repository.list()).filter((key) => key.retiredAt === null);
  const create = async (algs: readonly SigningKey['alg'][]) => {
    const created = algs.map((alg) => generateSigningKey(alg, now()));
    for (const key of created) {
      await deps.repository.insert(key);
    }
    return created;
  };

  return {
    ensureKeys: () => deps.repository.insertMissing(SIGNING_ALGORITHMS, (alg) => generateSigningKey(alg, now())),
    rotate: () => create(SIGNING_ALGORITHMS),
    async retire(kid) {
      const keys = await active();
      const key = keys.find((candidate) => candidate.kid === kid);
      if (!key) {
        throw new AppError('unknown_key', `no active signing key has the kid ${kid}`, { status: 404 });
      }
      // list() is newest first: the first active key of an algorithm is the one that signs.
      if (keys.find((candidate) => candidate.alg === key.alg) === key) {
        throw new AppError('current_key', `${kid} is the current ${key.alg} key; rotate first, then retire it`, { status: 409 });
      }
      const retiredAt = now();
      await deps.repository.retire(kid, retiredAt);
      return { ...key, retiredAt };
    },
    list: () => deps.repository.list(),
    async activeJwks() {
      const keys = await active();
      return { keys: keys.map((key) => ({ ...key.privateJwk, kid: key.kid, alg: key.alg, use: 'sig' as const })) };
    },
    version: () => deps.repository.version(),
  };
}
