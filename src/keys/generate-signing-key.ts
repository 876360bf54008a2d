import { createHash, generateKeyPairSync, type JsonWebKey } from 'node:crypto';

import type { SigningAlgorithm, SigningKey } from './signing-key.js';

export function generateSigningKey(alg: SigningAlgorithm, now: Date): SigningKey {
  const { publicKey, privateKey } = alg === 'RS256'
    ? generateKeyPairSync('rsa', { modulusLength: 2048 })
    : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const publicJwk = publicKey.export({ format: 'jwk' });
  return {
    kid: thumbprint(publicJwk),
    alg,
    publicJwk,
    privateJwk: privateKey.export({ format: 'jwk' }),
    createdAt: now,
    retiredAt: null,
  };
}

/** RFC 7638 JWK thumbprint: the required members, in lexicographic order, hashed. */
function thumbprint(jwk: JsonWebKey): string {
  const members = jwk.kty === 'RSA'
    ? { e: jwk.e, kty: jwk.kty, n: jwk.n }
    : { crv: jwk.crv, kty: jwk.kty, x: jwk.x, y: jwk.y };
  return createHash('sha256').update(JSON.stringify(members)).digest('base64url');
}
