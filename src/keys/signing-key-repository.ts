import type { SigningKey } from './signing-key.js';

export interface SigningKeyRepository {
  /** Every key, newest first. */
  list(): Promise<SigningKey[]>;
  insert(key: SigningKey): Promise<void>;
  retire(kid: string, at: Date): Promise<void>;
  /** Changes whenever a key is added or retired: a cheap way for instances to notice. */
  version(): Promise<string>;
}
