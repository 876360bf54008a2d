import type { JsonWebKey } from 'node:crypto';

export const SIGNING_ALGORITHMS = ['RS256', 'ES256'] as const;
export type SigningAlgorithm = (typeof SIGNING_ALGORITHMS)[number];

export interface SigningKey {
  readonly kid: string;
  readonly alg: SigningAlgorithm;
  readonly publicJwk: JsonWebKey;
  readonly privateJwk: JsonWebKey;
  readonly createdAt: Date;
  /** Retired keys neither sign nor verify. */
  readonly retiredAt: Date | null;
}

export function isSigningAlgorithm(value: string): value is SigningAlgorithm {
  return (SIGNING_ALGORITHMS as readonly string[]).includes(value);
}
