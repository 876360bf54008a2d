import type { JsonWebKey } from 'node:crypto';

import type { SecretBox } from '../../core/secret-box.js';
import { isSigningAlgorithm, type SigningKey } from '../../keys/signing-key.js';
import type { SigningKeyRepository } from '../../keys/signing-key-repository.js';
import type { PrismaClient, SigningKey as SigningKeyRow } from '../prisma/generated/client.js';

// Names our lock among other advisory locks in the same database.
const KEY_CREATION_LOCK = 4_711_043;

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

  const toRow = (key: SigningKey) => ({
    kid: key.kid,
    alg: key.alg,
    publicJwk: key.publicJwk as object,
    privateJwkCiphertext: secrets.seal(JSON.stringify(key.privateJwk), context(key.kid)),
    createdAt: key.createdAt,
    retiredAt: key.retiredAt,
  });

  return {
    async list() {
      const rows = await prisma.signingKey.findMany({ orderBy: [{ createdAt: 'desc' }, { kid: 'asc' }] });
      return rows.map(toKey);
    },
    async insert(key) {
      await prisma.signingKey.create({ data: toRow(key) });
    },
    insertMissing(algs, generate) {
      return prisma.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${KEY_CREATION_LOCK})`;
        const active = await tx.signingKey.findMany({ where: { retiredAt: null }, select: { alg: true } });
        const present = new Set(active.map((row) => row.alg));
        const created = algs.filter((alg) => !present.has(alg)).map(generate);
        for (const key of created) {
          await tx.signingKey.create({ data: toRow(key) });
        }
        return created;
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
