import { randomUUID } from 'node:crypto';

import { isUuid } from '../../core/uuid.js';
import type { PasskeyRepository, StoredPasskey } from '../../methods/passkey/passkey-repository.js';
import type { PrismaClient } from '../prisma/generated/client.js';

interface PasskeyRow {
  id: string; accountId: string; credentialId: string; publicKey: Uint8Array; counter: bigint; transports: string[]; deviceType: string;
  backedUp: boolean; aaguid: string; name: string; createdAt: Date; lastUsedAt: Date | null;
}

const toPasskey = (row: PasskeyRow): StoredPasskey => ({
  ...row, counter: Number(row.counter), publicKey: new Uint8Array(row.publicKey),
  deviceType: row.deviceType === 'multiDevice' ? 'multiDevice' : 'singleDevice',
});

export function createPrismaPasskeyRepository(prisma: PrismaClient): PasskeyRepository {
  return {
    async add(passkey) {
      const row = await prisma.passkey.create({
        data: {
          ...passkey, id: randomUUID(), counter: BigInt(passkey.counter), transports: [...passkey.transports],
          publicKey: Buffer.from(passkey.publicKey),
        },
      });
      return toPasskey(row);
    },
    list: async (accountId) => (await prisma.passkey.findMany({ where: { accountId }, orderBy: { createdAt: 'asc' } })).map(toPasskey),
    async findByCredentialId(credentialId) {
      const row = await prisma.passkey.findUnique({ where: { credentialId } });
      return row ? toPasskey(row) : undefined;
    },
    async recordUse(id, use) {
      await prisma.passkey.updateMany({ where: { id }, data: { counter: BigInt(use.counter), backedUp: use.backedUp, lastUsedAt: use.at } });
    },
    removeAll: async (accountId) => (await prisma.passkey.deleteMany({ where: { accountId } })).count,
    async remove(accountId, id) {
      if (!isUuid(id)) {
        return undefined;
      }
      const row = await prisma.passkey.findFirst({ where: { id, accountId } });
      if (!row) {
        return undefined;
      }
      await prisma.passkey.deleteMany({ where: { id, accountId } });
      return toPasskey(row);
    },
  };
}
