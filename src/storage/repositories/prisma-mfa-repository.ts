import { randomUUID } from 'node:crypto';

import type { SecretBox } from '../../core/secret-box.js';
import type { MfaRepository } from '../../mfa/mfa-repository.js';
import type { PrismaClient } from '../prisma/generated/client.js';

export function createPrismaMfaRepository(prisma: PrismaClient, secrets: SecretBox): MfaRepository {
  const context = (accountId: string) => `totp_factors.secret:${accountId}`;
  const codeRows = (accountId: string, hashes: readonly string[]) => hashes.map((codeHash) => ({ id: randomUUID(), accountId, codeHash }));

  return {
    async findTotp(accountId) {
      const row = await prisma.totpFactor.findUnique({ where: { accountId } });
      return row ? { secret: secrets.open(row.secretCiphertext, context(accountId)), enabledAt: row.enabledAt } : undefined;
    },
    async enableTotp(accountId, secret, at, hashes) {
      const secretCiphertext = secrets.seal(secret, context(accountId));
      await prisma.$transaction([
        prisma.totpFactor.upsert({ where: { accountId }, create: { accountId, secretCiphertext, enabledAt: at }, update: { secretCiphertext, enabledAt: at } }),
        prisma.recoveryCode.deleteMany({ where: { accountId } }),
        prisma.recoveryCode.createMany({ data: codeRows(accountId, hashes) }),
      ]);
    },
    async disableTotp(accountId) {
      await prisma.$transaction([
        prisma.recoveryCode.deleteMany({ where: { accountId } }),
        prisma.totpFactor.deleteMany({ where: { accountId } }),
      ]);
    },
    async replaceRecoveryCodes(accountId, hashes) {
      await prisma.$transaction([
        prisma.recoveryCode.deleteMany({ where: { accountId } }),
        prisma.recoveryCode.createMany({ data: codeRows(accountId, hashes) }),
      ]);
    },
    async useRecoveryCode(accountId, codeHash, at) {
      const { count } = await prisma.recoveryCode.updateMany({ where: { accountId, codeHash, usedAt: null }, data: { usedAt: at } });
      return count === 1;
    },
    countUnusedRecoveryCodes: (accountId) => prisma.recoveryCode.count({ where: { accountId, usedAt: null } }),
  };
}
