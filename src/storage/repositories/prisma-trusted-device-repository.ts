import { randomUUID } from 'node:crypto';

import { isUuid } from '../../core/uuid.js';
import type { TrustedDeviceRepository } from '../../accounts/trusted-device-repository.js';
import type { PrismaClient } from '../prisma/generated/client.js';

export function createPrismaTrustedDeviceRepository(prisma: PrismaClient): TrustedDeviceRepository {
  const select = { id: true, accountId: true, browser: true, platform: true, firstUsedAt: true, lastUsedAt: true, lastIp: true };
  return {
    async touch(deviceHash, accountId, use) {
      const { count } = await prisma.trustedDevice.updateMany({
        where: { deviceHash, accountId },
        data: { lastUsedAt: use.at, lastIp: use.ip, browser: use.browser, platform: use.platform },
      });
      return count === 0 ? undefined : (await prisma.trustedDevice.findUnique({ where: { deviceHash_accountId: { deviceHash, accountId } }, select })) ?? undefined;
    },
    trust(deviceHash, accountId, use) {
      const seen = { lastUsedAt: use.at, lastIp: use.ip, browser: use.browser, platform: use.platform };
      return prisma.trustedDevice.upsert({
        where: { deviceHash_accountId: { deviceHash, accountId } },
        create: { id: randomUUID(), deviceHash, accountId, firstUsedAt: use.at, ...seen },
        update: seen,
        select,
      });
    },
    list: (accountId) => prisma.trustedDevice.findMany({ where: { accountId }, orderBy: { lastUsedAt: 'desc' }, select }),
    async remove(accountId, id) {
      if (!isUuid(id)) {
        return false;
      }
      return (await prisma.trustedDevice.deleteMany({ where: { id, accountId } })).count === 1;
    },
    async removeAll(accountId) {
      return (await prisma.trustedDevice.deleteMany({ where: { accountId } })).count;
    },
  };
}
