import { randomUUID } from 'node:crypto';

import { isUuid } from '../../core/uuid.js';
import { isLanguage } from '../../i18n/languages.js';
import type { Account } from '../../accounts/account.js';
import { AccountExistsError } from '../../accounts/account-errors.js';
import type { AccountRepository } from '../../accounts/account-repository.js';
import type { PrismaClient, Account as AccountRow } from '../prisma/generated/client.js';
import { isUniqueViolation } from './is-unique-violation.js';

export function createPrismaAccountRepository(prisma: PrismaClient): AccountRepository {
  return {
    async findById(id) {
      // Ids come from tokens and sessions; one that is not a UUID names no account.
      if (!isUuid(id)) {
        return undefined;
      }
      return toAccount(await prisma.account.findUnique({ where: { id } }));
    },
    async findByEmail(email) {
      return toAccount(await prisma.account.findUnique({ where: { email } }));
    },
    async create(account) {
      try {
        return toAccount(await prisma.account.create({ data: { id: randomUUID(), ...account } }))!;
      } catch (error) {
        throw isUniqueViolation(error) ? new AccountExistsError(account.email) : error;
      }
    },
    async recordSignIn(id, at) {
      await prisma.account.update({ where: { id }, data: { lastSignInAt: at } });
    },
    async updateName(id, name) {
      await prisma.account.update({ where: { id }, data: { name } });
    },
    async updateLanguage(id, language) {
      await prisma.account.update({ where: { id }, data: { language } });
    },
    async updateEmail(id, email) {
      try {
        await prisma.account.update({ where: { id }, data: { email, emailVerified: true } });
      } catch (error) {
        throw isUniqueViolation(error) ? new AccountExistsError(email) : error;
      }
    },
    async updatePasswordHash(id, passwordHash) {
      await prisma.account.update({ where: { id }, data: { passwordHash } });
    },
    async activate(id, passwordHash) {
      return toAccount(await prisma.account.update({
        where: { id }, data: { passwordHash, status: 'ACTIVE', emailVerified: true },
      }))!;
    },
    async markActive(id) {
      return toAccount(await prisma.account.update({ where: { id }, data: { status: 'ACTIVE', emailVerified: true } }))!;
    },
    countAdmins: () => prisma.account.count({ where: { isAdmin: true } }),
    async setStatus(id, status) {
      return toAccount(await prisma.account.update({ where: { id }, data: { status } }))!;
    },
    async delete(id) {
      await prisma.account.deleteMany({ where: { id } });
    },
  };
}

function toAccount(row: AccountRow | null): Account | undefined {
  if (!row) {
    return undefined;
  }
  const { id, email, emailVerified, name, passwordHash, isAdmin, status, invitedBy, lastSignInAt, createdAt, language } = row;
  // A language no longer spoken here is as none saved.
  return { id, email, emailVerified, name, passwordHash, isAdmin, status, invitedBy, lastSignInAt, createdAt, language: isLanguage(language) ? language : null };
}
