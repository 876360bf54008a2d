import type { JsonWebKey } from 'node:crypto';
import { randomUUID } from 'node:crypto';

import type { SecretBox } from '../../core/secret-box.js';
import type { Connection, ConnectionAuthMethod, Organization } from '../../organizations/organization.js';
import { DomainTakenError, OtherOrganizationError } from '../../organizations/organization-errors.js';
import type { OrganizationRepository } from '../../organizations/organization-repository.js';
import type { Connection as ConnectionRow, PrismaClient } from '../prisma/generated/client.js';
import { isUniqueViolation } from './is-unique-violation.js';

const withDomains = { domains: { orderBy: { domain: 'asc' as const } } };

type OrganizationRow = Awaited<ReturnType<PrismaClient['organization']['findUniqueOrThrow']>> & {
  domains: { domain: string; verifiedAt: Date | null }[];
};

export function createPrismaOrganizationRepository(prisma: PrismaClient, secrets: SecretBox): OrganizationRepository {
  const secretContext = (id: string) => `connections.client_secret:${id}`;
  const keyContext = (id: string) => `connections.private_jwk:${id}`;
  const toConnection = (row: ConnectionRow): Connection => ({
    id: row.id,
    organizationId: row.organizationId,
    issuer: row.issuer,
    clientId: row.clientId,
    authMethod: row.authMethod as ConnectionAuthMethod,
    clientSecret: row.clientSecretCiphertext ? secrets.open(row.clientSecretCiphertext, secretContext(row.id)) : undefined,
    privateJwk: row.privateJwkCiphertext ? (JSON.parse(secrets.open(row.privateJwkCiphertext, keyContext(row.id))) as JsonWebKey) : undefined,
    scopes: row.scopes.split(' '),
    claims: { sub: row.claimSub, email: row.claimEmail, name: row.claimName },
    updatedAt: row.updatedAt,
  });

  return {
    async create(input) {
      try {
        return toOrganization(await prisma.organization.create({
          data: { id: randomUUID(), name: input.name, domains: { create: input.domains.map((domain) => ({ ...domain })) } },
          include: withDomains,
        }));
      } catch (error) {
        throw isUniqueViolation(error) ? new DomainTakenError(input.domains.map((domain) => domain.domain).join(', ')) : error;
      }
    },
    async findById(id) {
      const row = await prisma.organization.findUnique({ where: { id }, include: withDomains });
      return row ? toOrganization(row) : undefined;
    },
    async findByVerifiedDomain(domain) {
      const row = await prisma.organizationDomain.findUnique({ where: { domain }, include: { organization: { include: withDomains } } });
      return row?.verifiedAt ? toOrganization(row.organization) : undefined;
    },
    async update(id, settings) {
      return toOrganization(await prisma.organization.update({ where: { id }, data: settings, include: withDomains }));
    },
    async membership(accountId) {
      const row = await prisma.organizationMember.findUnique({ where: { accountId } });
      return row ? { organizationId: row.organizationId, accountId: row.accountId, isAdmin: row.isAdmin } : undefined;
    },
    async addMember(organizationId, accountId, isAdmin) {
      const existing = await prisma.organizationMember.findUnique({ where: { accountId } });
      if (existing && existing.organizationId !== organizationId) {
        throw new OtherOrganizationError();
      }
      const row = await prisma.organizationMember.upsert({
        where: { accountId }, create: { organizationId, accountId, isAdmin }, update: { isAdmin },
      });
      return { organizationId: row.organizationId, accountId: row.accountId, isAdmin: row.isAdmin };
    },
    async findConnection(organizationId) {
      const row = await prisma.connection.findUnique({ where: { organizationId } });
      return row ? toConnection(row) : undefined;
    },
    async findConnectionById(id) {
      const row = await prisma.connection.findUnique({ where: { id } });
      return row ? toConnection(row) : undefined;
    },
    async saveConnection(connection) {
      const data = {
        issuer: connection.issuer,
        clientId: connection.clientId,
        authMethod: connection.authMethod,
        clientSecretCiphertext: connection.clientSecret ? secrets.seal(connection.clientSecret, secretContext(connection.id)) : null,
        privateJwkCiphertext: connection.privateJwk ? secrets.seal(JSON.stringify(connection.privateJwk), keyContext(connection.id)) : null,
        scopes: connection.scopes.join(' '),
        claimSub: connection.claims.sub,
        claimEmail: connection.claims.email,
        claimName: connection.claims.name,
      };
      return toConnection(await prisma.connection.upsert({
        where: { organizationId: connection.organizationId },
        create: { id: connection.id, organizationId: connection.organizationId, ...data },
        update: data,
      }));
    },
  };
}

function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    ssoOnly: row.ssoOnly,
    jitProvisioning: row.jitProvisioning,
    waiveMfaForSso: row.waiveMfaForSso,
    domains: row.domains.map((domain) => ({ domain: domain.domain, verified: domain.verifiedAt !== null })),
  };
}
