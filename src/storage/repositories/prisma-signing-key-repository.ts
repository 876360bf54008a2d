import type { JsonWebKey } from 'node:crypto';

import type { SecretBox } from '../../core/secret-box.js';
import { isSigningAlgorithm, type SigningKey } from '../../keys/signing-key.js';
import type { SigningKeyRepository } from '../../keys/signing-key-repository.js';
import type { PrismaClient, SigningKey as SigningKeyRow } from '../prisma/generated/client.js';

export function createPrismaSigningKeyRepository(prisma: PrismaClient, secrets: SecretBox): SigningKeyRepository {
  const context = (kid: string) => `signing_keys.private_jwk:${kid}`;
  const toKey = (row: SigningKeyRow): SigningKey => {
    if (!isSigningAlgorithm(row.alg)) {
      throw new Error(`signing key ${row.kid} has an unsupported algorithm ${row.alg}`);
    }
    return {
      kid: row.kid,
      alg: row.alg,
      publicJwk: row.publicJwk as JsonWebKey,
      privateJwk: JSON.parse(secrets.open(row.privateJwkCiphertext, context(row.kid))) as JsonWebKey,
      createdAt: row.createdAt,
      retiredAt: row.retiredAt,
    };
  };

  return {
    async list() {
      const rows = await prisma.signingKey.findMany({ orderBy: [{ createdAt: 'desc' }, { kid: 'asc' }] });
      return rows.map(toKey);
    },
    async insert(key) {
      await prisma.signingKey.create({
        data: {
          kid: key.kid,
          alg: key.alg,
          publicJwk: key.publicJwk as object,
          privateJwkCiphertext: secrets.seal(JSON.stringify(key.privateJwk), context(key.kid)),
          createdAt: key.createdAt,
          retiredAt: key.retiredAt,
        },
      });
    },
    async retire(kid, at) {
      await prisma.signingKey.update({ where: { kid }, data: { retiredAt: at } });
    },
    async version() {
      const rows = await prisma.signingKey.findMany({ where: { retiredAt: null }, select: { kid: true }, orderBy: { kid: 'asc' } });
      return rows.map((row) => row.kid).join(',');
    },
  };
}
