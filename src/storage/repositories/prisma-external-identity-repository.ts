import { randomUUID } from 'node:crypto';

import type { ExternalIdentityRepository } from '../../federation/external-identity-repository.js';
import type { PrismaClient } from '../prisma/generated/client.js';

export function createPrismaExternalIdentityRepository(prisma: PrismaClient): ExternalIdentityRepository {
  return {
    async find(source, subject) {
      return (await prisma.externalIdentity.findUnique({ where: { source_subject: { source, subject } } })) ?? undefined;
    },
    link: (identity) => prisma.externalIdentity.create({ data: { id: randomUUID(), ...identity } }),
    async touch(id, at) {
      await prisma.externalIdentity.update({ where: { id }, data: { lastUsedAt: at } });
    },
    listForAccount: (accountId) => prisma.externalIdentity.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } }),
    async remove(accountId, source) {
      return (await prisma.externalIdentity.deleteMany({ where: { accountId, source } })).count > 0;
    },
  };
}
