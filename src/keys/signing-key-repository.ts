import type { SigningAlgorithm, SigningKey } from './signing-key.js';

export interface SigningKeyRepository {
  /** Every key, newest first. */
  list(): Promise<SigningKey[]>;
  insert(key: SigningKey): Promise<void>;
  /**
   * For each algorithm without an active key, inserts `generate(alg)`; returns what it inserted. Atomic
   * across instances: two starting at once on an empty database create one set of keys, not two.
   */
  insertMissing(algs: readonly SigningAlgorithm[], generate: (alg: SigningAlgorithm) => SigningKey): Promise<SigningKey[]>;
  retire(kid: string, at: Date): Promise<void>;
  /** Changes whenever a key is added or retired: a cheap way for instances to notice. */
  version(): Promise<string>;
}
