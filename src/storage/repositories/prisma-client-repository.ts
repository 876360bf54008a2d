import { ClientExistsError } from '../../clients/client-errors.js';
import type { ClientRepository } from '../../clients/client-repository.js';
import type { ClientMetadata, StoredClient } from '../../clients/stored-client.js';
import type { SecretBox } from '../../core/secret-box.js';
import type { OAuthClient, PrismaClient } from '../prisma/generated/client.js';
import { isUniqueViolation } from './is-unique-violation.js';

export function createPrismaClientRepository(prisma: PrismaClient, secrets: SecretBox): ClientRepository {
  // Bound to the row: a sealed secret copied to another client does not open.
  const context = (clientId: string) => `oauth_clients.secret:${clientId}`;
  const toRow = (client: StoredClient) => ({
    metadata: client.metadata as object,
    secretCiphertext: client.secret === undefined ? null : secrets.seal(client.secret, context(client.clientId)),
    firstParty: client.firstParty,
    organizationId: client.organizationId ?? null,
  });
  const toClient = (row: OAuthClient): StoredClient => ({
    clientId: row.id,
    metadata: row.metadata as ClientMetadata,
    secret: row.secretCiphertext === null ? undefined : secrets.open(row.secretCiphertext, context(row.id)),
    firstParty: row.firstParty,
    organizationId: row.organizationId ?? undefined,
  });

  return {
    async find(clientId) {
      const row = await prisma.oAuthClient.findUnique({ where: { id: clientId } });
      return row ? toClient(row) : undefined;
    },
    async insert(client) {
      try {
        await prisma.oAuthClient.create({ data: { id: client.clientId, ...toRow(client) } });
      } catch (error) {
        throw isUniqueViolation(error) ? new ClientExistsError(client.clientId) : error;
      }
    },
    async upsert(client) {
      const row = toRow(client);
      await prisma.oAuthClient.upsert({ where: { id: client.clientId }, create: { id: client.clientId, ...row }, update: row });
    },
    async listForOrganization(organizationId) {
      const rows = await prisma.oAuthClient.findMany({ where: { organizationId }, orderBy: { createdAt: 'asc' } });
      return rows.map(toClient);
    },
    async delete(clientId) {
      await prisma.oAuthClient.deleteMany({ where: { id: clientId } });
    },
  };
}
