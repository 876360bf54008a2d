import type { JsonWebKey } from 'node:crypto';
import { randomUUID } from 'node:crypto';

import { isUuid } from '../../core/uuid.js';
import type { SecretBox } from '../../core/secret-box.js';
import { LOGO_TYPES, type LogoType } from '../../organizations/branding.js';
import type { Connection, ConnectionAuthMethod, Member, MemberQuery, Organization } from '../../organizations/organization.js';
import { DomainTakenError, OtherOrganizationError } from '../../organizations/organization-errors.js';
import type { OrganizationRepository } from '../../organizations/organization-repository.js';
import type { Account as AccountRow, Connection as ConnectionRow, Prisma, PrismaClient } from '../prisma/generated/client.js';
import { isUniqueViolation } from './is-unique-violation.js';
import { likeLiteral } from './like-literal.js';

const withDomains = { domains: { orderBy: { domain: 'asc' as const } } };

type OrganizationRow = Awaited<ReturnType<PrismaClient['organization']['findUniqueOrThrow']>> & {
  domains: { domain: string; verifiedAt: Date | null; verificationToken: string | null }[];
};

export function createPrismaOrganizationRepository(prisma: PrismaClient, secrets: SecretBox): OrganizationRepository {
  const secretContext = (id: string) => `connections.client_secret:${id}`;
  const keyContext = (id: string) => `connections.private_jwk:${id}`;
  const toConnection = (row: ConnectionRow): Connection => {
    const common = {
      id: row.id,
      organizationId: row.organizationId,
      issuer: row.issuer,
      claims: { sub: row.claimSub, email: row.claimEmail, name: row.claimName },
      setBy: row.setBy === 'operator' ? 'operator' as const : 'tenant' as const,
      updatedAt: row.updatedAt,
    };
    if (row.protocol === 'saml') {
      return {
        ...common, protocol: 'saml', ssoUrl: row.samlSsoUrl ?? '', certificates: (row.samlCertificates ?? '').split('\n').filter(Boolean),
        metadataUrl: row.samlMetadataUrl ?? undefined, idpInitiatedClientId: row.samlIdpInitiatedClientId ?? undefined,
      };
    }
    return {
      ...common,
      protocol: 'oidc',
      clientId: row.clientId ?? '',
      authMethod: (row.authMethod ?? 'client_secret_basic') as ConnectionAuthMethod,
      clientSecret: row.clientSecretCiphertext ? secrets.open(row.clientSecretCiphertext, secretContext(row.id)) : undefined,
      privateJwk: row.privateJwkCiphertext ? (JSON.parse(secrets.open(row.privateJwkCiphertext, keyContext(row.id))) as JsonWebKey) : undefined,
      scopes: (row.scopes ?? 'openid').split(' '),
    };
  };

  return {
    async create(input) {
      // Domains created proven (by the operator) win over other organizations' unproven claims of them.
      const proven = input.domains.filter((domain) => domain.verifiedAt).map((domain) => domain.domain);
      try {
        const [, row] = await prisma.$transaction([
          prisma.organizationDomain.deleteMany({ where: { domain: { in: proven }, verifiedAt: null } }),
          prisma.organization.create({
            data: { id: randomUUID(), name: input.name, domains: { create: input.domains.map((domain) => ({ ...domain })) } },
            include: withDomains,
          }),
        ]);
        return toOrganization(row);
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
      return row ? { organizationId: row.organizationId, accountId: row.accountId, isAdmin: row.isAdmin, passwordAllowed: row.passwordAllowed } : undefined;
    },
    async addMember(organizationId, accountId, isAdmin) {
      const existing = await prisma.organizationMember.findUnique({ where: { accountId } });
      if (existing && existing.organizationId !== organizationId) {
        throw new OtherOrganizationError();
      }
      const row = await prisma.organizationMember.upsert({
        // No longer an administrator: no longer break-glass either.
        where: { accountId }, create: { organizationId, accountId, isAdmin }, update: { isAdmin, ...(isAdmin ? {} : { passwordAllowed: false }) },
      });
      return { organizationId: row.organizationId, accountId: row.accountId, isAdmin: row.isAdmin, passwordAllowed: row.passwordAllowed };
    },
    async listMembers(organizationId, query) {
      const where = memberWhere(organizationId, query);
      const [rows, total] = await Promise.all([
        prisma.organizationMember.findMany({
          where, include: memberInclude, orderBy: { account: { email: 'asc' } }, skip: query.offset, take: query.limit,
        }),
        prisma.organizationMember.count({ where }),
      ]);
      return { members: rows.map(toMember), total };
    },
    async findMember(organizationId, accountId) {
      if (!isUuid(accountId)) {
        return undefined;
      }
      const row = await prisma.organizationMember.findFirst({ where: { organizationId, accountId }, include: memberInclude });
      return row ? toMember(row) : undefined;
    },
    async setPasswordAllowed(organizationId, accountId, allowed) {
      return (await prisma.organizationMember.updateMany({ where: { organizationId, accountId }, data: { passwordAllowed: allowed } })).count > 0;
    },
    countAdmins: (organizationId) => prisma.organizationMember.count({ where: { organizationId, isAdmin: true, account: { status: 'ACTIVE' } } }),
    async addDomain(organizationId, domain, verificationToken, claim) {
      // A lapsed claim of another organization goes first; if two organizations race for it, the key decides.
      await prisma.organizationDomain.deleteMany({
        where: { domain, verifiedAt: null, organizationId: { not: organizationId }, createdAt: { lte: new Date(claim.at.getTime() - claim.unprovenLapsesAfterMs) } },
      });
      try {
        await prisma.organizationDomain.create({ data: { organizationId, domain, verificationToken, createdAt: claim.at } });
      } catch (error) {
        if (!isUniqueViolation(error)) {
          throw error;
        }
        const holder = await prisma.organizationDomain.findUnique({ where: { domain } });
        const pending = holder && holder.verifiedAt === null && holder.organizationId !== organizationId;
        throw new DomainTakenError(domain, pending ? new Date(holder.createdAt.getTime() + claim.unprovenLapsesAfterMs) : undefined);
      }
    },
    async markDomainVerified(organizationId, domain, at) {
      return (await prisma.organizationDomain.updateMany({ where: { organizationId, domain }, data: { verifiedAt: at, verificationToken: null } })).count > 0;
    },
    async removeDomain(organizationId, domain) {
      return (await prisma.organizationDomain.deleteMany({ where: { organizationId, domain } })).count > 0;
    },
    async deleteConnection(organizationId) {
      return (await prisma.connection.deleteMany({ where: { organizationId } })).count > 0;
    },
    async findConnection(organizationId) {
      const row = await prisma.connection.findUnique({ where: { organizationId } });
      return row ? toConnection(row) : undefined;
    },
    async findConnectionById(id) {
      const row = await prisma.connection.findUnique({ where: { id } });
      return row ? toConnection(row) : undefined;
    },
    async setBranding(id, branding) {
      const data = {
        ...(branding.displayName !== undefined ? { brandDisplayName: branding.displayName } : {}),
        ...(branding.color !== undefined ? { brandColor: branding.color } : {}),
        ...(branding.logo !== undefined ? { brandLogoType: branding.logo?.type ?? null, brandLogoHash: branding.logo?.hash ?? null } : {}),
      };
      const logo = branding.logo;
      const [row] = await prisma.$transaction([
        prisma.organization.update({ where: { id }, data, include: withDomains }),
        ...(logo === null ? [prisma.organizationLogo.deleteMany({ where: { organizationId: id } })] : []),
        ...(logo ? [prisma.organizationLogo.upsert({
          where: { organizationId: id }, create: { organizationId: id, bytes: Buffer.from(logo.bytes) }, update: { bytes: Buffer.from(logo.bytes) },
        })] : []),
      ]);
      return toOrganization(row);
    },
    async findLogo(id) {
      const row = isUuid(id) ? await prisma.organization.findUnique({ where: { id }, select: { brandLogoType: true, brandLogoHash: true, logo: true } }) : null;
      return row?.logo && row.brandLogoType && row.brandLogoHash ? { type: row.brandLogoType, hash: row.brandLogoHash, bytes: new Uint8Array(row.logo.bytes) } : undefined;
    },
    async findSamlConnectionsByEntityId(entityId) {
      const rows = await prisma.connection.findMany({ where: { protocol: 'saml', issuer: entityId }, take: 10 });
      return rows.map(toConnection).filter((connection) => connection.protocol === 'saml');
    },
    async saveConnection(connection) {
      // A connection that changes protocol keeps nothing of the other one's.
      const oidc = connection.protocol === 'oidc' ? connection : undefined;
      const saml = connection.protocol === 'saml' ? connection : undefined;
      const data = {
        protocol: connection.protocol,
        issuer: connection.issuer,
        clientId: oidc?.clientId ?? null,
        authMethod: oidc?.authMethod ?? null,
        clientSecretCiphertext: oidc?.clientSecret ? secrets.seal(oidc.clientSecret, secretContext(connection.id)) : null,
        privateJwkCiphertext: oidc?.privateJwk ? secrets.seal(JSON.stringify(oidc.privateJwk), keyContext(connection.id)) : null,
        scopes: oidc?.scopes.join(' ') ?? null,
        samlSsoUrl: saml?.ssoUrl ?? null,
        samlCertificates: saml?.certificates.join('\n') ?? null,
        samlMetadataUrl: saml?.metadataUrl ?? null,
        samlIdpInitiatedClientId: saml?.idpInitiatedClientId ?? null,
        claimSub: connection.claims.sub,
        claimEmail: connection.claims.email,
        claimName: connection.claims.name,
        setBy: connection.setBy,
      };
      return toConnection(await prisma.connection.upsert({
        where: { organizationId: connection.organizationId },
        create: { id: connection.id, organizationId: connection.organizationId, ...data },
        update: data,
      }));
    },
  };
}

const memberInclude = {
  account: { include: { totp: { select: { accountId: true } }, scimUser: { select: { organizationId: true } }, _count: { select: { passkeys: true } } } },
} as const;

type MemberRow = Awaited<ReturnType<PrismaClient['organizationMember']['findFirstOrThrow']>> & {
  account: AccountRow & { totp: { accountId: string } | null; scimUser: { organizationId: string } | null; _count: { passkeys: number } };
};

function memberWhere(organizationId: string, query: MemberQuery): Prisma.OrganizationMemberWhereInput {
  const trimmed = query.search?.trim();
  const search = trimmed ? likeLiteral(trimmed) : undefined;
  return {
    organizationId,
    account: {
      ...(query.status ? { status: query.status } : {}),
      ...(search ? { OR: [{ email: { contains: search, mode: 'insensitive' } }, { name: { contains: search, mode: 'insensitive' } }] } : {}),
    },
  };
}

function toMember(row: MemberRow): Member {
  const { account } = row;
  return {
    accountId: account.id, email: account.email, name: account.name, status: account.status, isAdmin: row.isAdmin,
    passwordAllowed: row.passwordAllowed, twoStepEnabled: account.totp !== null, passkeys: account._count.passkeys, lastSignInAt: account.lastSignInAt, createdAt: account.createdAt,
    provisioned: account.scimUser?.organizationId === row.organizationId,
  };
}

function toOrganization(row: OrganizationRow): Organization {
  return {
    id: row.id,
    name: row.name,
    ssoOnly: row.ssoOnly,
    jitProvisioning: row.jitProvisioning,
    waiveMfaForSso: row.waiveMfaForSso,
    requireMfa: row.requireMfa,
    requirePasskey: row.requirePasskey,
    loginVerification: row.loginVerification,
    sessionMaxHours: row.sessionMaxHours,
    branding: {
      displayName: row.brandDisplayName,
      color: row.brandColor,
      logo: row.brandLogoType && row.brandLogoHash && (LOGO_TYPES as readonly string[]).includes(row.brandLogoType)
        ? { type: row.brandLogoType as LogoType, hash: row.brandLogoHash } : null,
    },
    domains: row.domains.map((domain) => ({
      domain: domain.domain, verified: domain.verifiedAt !== null, verificationToken: domain.verifiedAt ? null : domain.verificationToken,
    })),
  };
}
