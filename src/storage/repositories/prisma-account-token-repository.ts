import { randomUUID } from 'node:crypto';

import type { AccountTokenRepository } from '../../accounts/account-token-repository.js';
import type { PrismaClient } from '../prisma/generated/client.js';

export function createPrismaAccountTokenRepository(prisma: PrismaClient): AccountTokenRepository {
  return {
    async create(token) {
      await prisma.accountToken.create({
        data: {
          id: randomUUID(), accountId: token.accountId, purpose: token.purpose, tokenHash: token.tokenHash,
          expiresAt: token.expiresAt, context: token.context ?? undefined,
        },
      });
    },
    async invalidate(accountId, purpose, at) {
      await prisma.accountToken.updateMany({ where: { accountId, purpose, usedAt: null }, data: { usedAt: at } });
    },
    async findByHash(tokenHash) {
      const row = await prisma.accountToken.findUnique({ where: { tokenHash } });
      return row
        ? {
          id: row.id, accountId: row.accountId, purpose: row.purpose, expiresAt: row.expiresAt, usedAt: row.usedAt,
          context: (row.context as Record<string, string> | null) ?? null,
        }
        : undefined;
    },
    async consume(tokenHash, at) {
      const { count } = await prisma.accountToken.updateMany({
        where: { tokenHash, usedAt: null, expiresAt: { gt: at } },
        data: { usedAt: at },
      });
      return count === 1;
    },
  };
}
