import { randomUUID } from 'node:crypto';

import type { GroupLookup, ScimDirectory, ScimTokenRecord, UserLookup } from '../../scim/scim-directory.js';
import type { DirectoryGroup } from '../../scim/scim-group.js';
import type { DirectoryUser } from '../../scim/scim-user.js';
import type { Prisma, PrismaClient } from '../prisma/generated/client.js';
import { isUniqueViolation } from './is-unique-violation.js';

const memberInclude = {
  account: {
    include: {
      scimUser: true,
      scimGroups: { include: { group: { select: { id: true, displayName: true, organizationId: true } } } },
    },
  },
} satisfies Prisma.OrganizationMemberInclude;
type MemberRow = Prisma.OrganizationMemberGetPayload<{ include: typeof memberInclude }>;

const groupInclude = {
  members: { include: { account: { select: { id: true, email: true, membership: { select: { organizationId: true } } } } } },
} satisfies Prisma.ScimGroupInclude;
type GroupRow = Prisma.ScimGroupGetPayload<{ include: typeof groupInclude }>;

const byAge = [{ createdAt: 'asc' as const }, { accountId: 'asc' as const }];

function toUser(row: MemberRow): DirectoryUser {
  const { account } = row;
  const scim = account.scimUser?.organizationId === row.organizationId ? account.scimUser : null;
  return {
    accountId: account.id,
    email: account.email,
    name: account.name,
    status: account.status,
    createdAt: account.createdAt,
    updatedAt: account.updatedAt,
    provisioned: scim ? {
      userName: scim.userName, externalId: scim.externalId ?? undefined, attributes: scim.attributes as Record<string, unknown>,
      version: scim.version, createdAt: scim.createdAt, updatedAt: scim.updatedAt,
    } : undefined,
    groups: account.scimGroups.filter((entry) => entry.group.organizationId === row.organizationId)
      .map((entry) => ({ id: entry.group.id, displayName: entry.group.displayName })),
  };
}

function toGroup(row: GroupRow): DirectoryGroup {
  return {
    id: row.id, displayName: row.displayName, externalId: row.externalId ?? undefined, version: row.version,
    createdAt: row.createdAt, updatedAt: row.updatedAt,
    // Only those still members of the organization.
    members: row.members.filter((member) => member.account.membership?.organizationId === row.organizationId)
      .map((member) => ({ accountId: member.account.id, email: member.account.email })),
  };
}

const toToken = (row: { id: string; organizationId: string; label: string; createdAt: Date; lastUsedAt: Date | null }): ScimTokenRecord => ({
  id: row.id, organizationId: row.organizationId, label: row.label, createdAt: row.createdAt, lastUsedAt: row.lastUsedAt,
});

export function createPrismaScimDirectory(prisma: PrismaClient): ScimDirectory {
  const userWhere = (organizationId: string, lookup: UserLookup): Prisma.OrganizationMemberWhereInput => ({
    organizationId,
    ...(lookup.id !== undefined ? { accountId: lookup.id } : {}),
    account: {
      ...(lookup.userName !== undefined ? { OR: [{ email: lookup.userName }, { scimUser: { is: { organizationId, userNameKey: lookup.userName } } }] } : {}),
      ...(lookup.externalId !== undefined ? { scimUser: { is: { organizationId, externalId: lookup.externalId } } } : {}),
    },
  });
  const groupWhere = (organizationId: string, lookup: GroupLookup): Prisma.ScimGroupWhereInput => ({
    organizationId,
    ...(lookup.id !== undefined ? { id: lookup.id } : {}),
    ...(lookup.displayName !== undefined ? { displayNameKey: lookup.displayName } : {}),
    ...(lookup.externalId !== undefined ? { externalId: lookup.externalId } : {}),
  });
  const members = (groupId: string, accountIds: readonly string[]) => accountIds.map((accountId) => ({ groupId, accountId }));

  return {
    async findUser(organizationId, accountId) {
      const row = await prisma.organizationMember.findFirst({ where: { organizationId, accountId }, include: memberInclude });
      return row ? toUser(row) : undefined;
    },
    async findUsers(organizationId, lookup) {
      return (await prisma.organizationMember.findMany({ where: userWhere(organizationId, lookup), include: memberInclude, orderBy: byAge })).map(toUser);
    },
    async pageUsers(organizationId, page) {
      const [rows, total] = await Promise.all([
        prisma.organizationMember.findMany({ where: { organizationId }, include: memberInclude, orderBy: byAge, skip: page.offset, take: page.limit }),
        prisma.organizationMember.count({ where: { organizationId } }),
      ]);
      return { users: rows.map(toUser), total };
    },
    async userNameTaken(organizationId, userName, exceptAccountId) {
      const found = await prisma.scimUser.findFirst({
        where: { organizationId, userNameKey: userName.toLowerCase(), ...(exceptAccountId ? { accountId: { not: exceptAccountId } } : {}) },
        select: { accountId: true },
      });
      return found !== null;
    },
    async saveProvisioned(organizationId, accountId, write, expectedVersion) {
      const data = {
        userName: write.userName, userNameKey: write.userName.toLowerCase(), externalId: write.externalId ?? null,
        attributes: write.attributes as Prisma.InputJsonValue,
      };
      try {
        if (expectedVersion === 0) {
          await prisma.scimUser.create({ data: { accountId, organizationId, ...data } });
          return true;
        }
        const updated = await prisma.scimUser.updateMany({
          where: { accountId, organizationId, ...(expectedVersion === undefined ? {} : { version: expectedVersion }) },
          data: { ...data, version: { increment: 1 } },
        });
        return updated.count === 1;
      } catch (error) {
        // Written by another request meanwhile: the caller's version is stale.
        if (isUniqueViolation(error)) {
          return false;
        }
        throw error;
      }
    },

    async findGroup(organizationId, id) {
      const row = await prisma.scimGroup.findFirst({ where: { organizationId, id }, include: groupInclude });
      return row ? toGroup(row) : undefined;
    },
    async findGroups(organizationId, lookup) {
      return (await prisma.scimGroup.findMany({ where: groupWhere(organizationId, lookup), include: groupInclude, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] }))
        .map(toGroup);
    },
    async pageGroups(organizationId, page) {
      const [rows, total] = await Promise.all([
        prisma.scimGroup.findMany({ where: { organizationId }, include: groupInclude, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], skip: page.offset, take: page.limit }),
        prisma.scimGroup.count({ where: { organizationId } }),
      ]);
      return { groups: rows.map(toGroup), total };
    },
    async createGroup(organizationId, write) {
      const id = randomUUID();
      const row = await prisma.scimGroup.create({
        data: {
          id, organizationId, displayName: write.displayName, displayNameKey: write.displayName.toLowerCase(), externalId: write.externalId ?? null,
          members: { createMany: { data: write.memberIds.map((accountId) => ({ accountId })) } },
        },
        include: groupInclude,
      });
      return toGroup(row);
    },
    async replaceGroup(organizationId, id, write, expectedVersion) {
      const updated = await prisma.scimGroup.updateMany({
        where: { id, organizationId, ...(expectedVersion === undefined ? {} : { version: expectedVersion }) },
        data: { displayName: write.displayName, displayNameKey: write.displayName.toLowerCase(), externalId: write.externalId ?? null, version: { increment: 1 } },
      });
      if (updated.count !== 1) {
        return false;
      }
      await prisma.$transaction([
        prisma.scimGroupMember.deleteMany({ where: { groupId: id } }),
        prisma.scimGroupMember.createMany({ data: members(id, write.memberIds), skipDuplicates: true }),
      ]);
      return true;
    },
    async deleteGroup(organizationId, id) {
      return (await prisma.scimGroup.deleteMany({ where: { id, organizationId } })).count === 1;
    },
    async membersAmong(organizationId, accountIds) {
      if (accountIds.length === 0) {
        return new Set();
      }
      const rows = await prisma.organizationMember.findMany({ where: { organizationId, accountId: { in: [...accountIds] } }, select: { accountId: true } });
      return new Set(rows.map((row) => row.accountId));
    },
    async groupsOf(organizationId, accountId) {
      const rows = await prisma.scimGroupMember.findMany({ where: { accountId, group: { organizationId } }, include: { group: { select: { id: true, displayName: true } } } });
      return rows.map((row) => row.group).sort((a, b) => a.displayName.localeCompare(b.displayName));
    },
    async isProvisioned(accountId) {
      return (await prisma.scimUser.count({ where: { accountId } })) > 0;
    },

    async createToken(organizationId, label, tokenHash) {
      return toToken(await prisma.scimToken.create({ data: { id: randomUUID(), organizationId, label, tokenHash } }));
    },
    async listTokens(organizationId) {
      return (await prisma.scimToken.findMany({ where: { organizationId }, orderBy: { createdAt: 'asc' } })).map(toToken);
    },
    async findTokenByHash(tokenHash) {
      const row = await prisma.scimToken.findUnique({ where: { tokenHash } });
      return row ? toToken(row) : undefined;
    },
    async touchToken(id, at) {
      await prisma.scimToken.updateMany({ where: { id }, data: { lastUsedAt: at } });
    },
    async deleteTokens(organizationId, id) {
      return (await prisma.scimToken.deleteMany({ where: { organizationId, ...(id === undefined ? {} : { id }) } })).count;
    },
  };
}
