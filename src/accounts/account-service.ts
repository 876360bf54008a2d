import { AppError } from '../core/app-error.js';
import type { Account } from './account.js';
import { AccountErrorCode } from './account-errors.js';
import type { AccountRepository } from './account-repository.js';
import { normalizeEmail } from './normalize-email.js';
import type { PasswordHasher } from './password-hasher.js';
import type { PasswordPolicy } from './password-policy.js';

export interface NewAccountInput {
  readonly email: string;
  readonly password?: string | undefined;
  readonly name?: string | undefined;
  readonly admin?: boolean | undefined;
}

export interface InvitedAccountInput {
  readonly email: string;
  readonly name?: string | undefined;
  readonly admin?: boolean | undefined;
  readonly invitedBy: string;
}

export interface AccountService {
  findById(id: string): Promise<Account | undefined>;
  /** An active account (CLI, first administrator). */
  create(input: NewAccountInput): Promise<Account>;
  /** An account that signs in only once it is activated by its invitation link. */
  createInvited(input: InvitedAccountInput): Promise<Account>;
  /** Hashes a new password after checking it against the rules; throws AppError weak_password. */
  hashNewPassword(password: string, email: string): Promise<string>;
}

export const NAME_MAX_LENGTH = 100;

export function createAccountService(deps: {
  repository: AccountRepository;
  hasher: PasswordHasher;
  passwordPolicy: PasswordPolicy;
}): AccountService {
  const hashNewPassword = async (password: string, email: string) => {
    const problem = deps.passwordPolicy.check(password, { email });
    if (problem) {
      throw new AppError(AccountErrorCode.weakPassword, problem, { userMessage: problem });
    }
    return deps.hasher.hash(password);
  };

  return {
    findById: (id) => deps.repository.findById(id),
    hashNewPassword,
    async create(input) {
      const email = checkedEmail(input.email);
      const passwordHash = input.password === undefined ? null : await hashNewPassword(input.password, email);
      // Created by an administrator (or the CLI): the address is taken as verified.
      return deps.repository.create({
        email, emailVerified: true, name: cleanName(input.name), passwordHash, isAdmin: input.admin ?? false,
        status: 'ACTIVE', invitedBy: null,
      });
    },
    async createInvited(input) {
      return deps.repository.create({
        email: checkedEmail(input.email), emailVerified: false, name: cleanName(input.name), passwordHash: null,
        isAdmin: input.admin ?? false, status: 'INVITED', invitedBy: input.invitedBy,
      });
    },
  };
}

function checkedEmail(input: string): string {
  const email = normalizeEmail(input);
  if (!email) {
    throw new AppError(AccountErrorCode.invalidEmail, 'invalid email address', { userMessage: 'Enter a valid email address.' });
  }
  return email;
}

function cleanName(input: string | undefined): string | null {
  if (input === undefined) {
    return null;
  }
  const name = input.normalize('NFC').trim();
  if (name.length === 0 || name.length > NAME_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new AppError(AccountErrorCode.invalidName, 'invalid name', {
      userMessage: `A name has 1 to ${NAME_MAX_LENGTH} characters and no control characters.`,
    });
  }
  return name;
}
