import { AppError } from '../core/app-error.js';
import type { Account } from './account.js';
import { AccountErrorCode } from './account-errors.js';
import type { AccountRepository } from './account-repository.js';
import { normalizeEmail } from './normalize-email.js';
import type { PasswordHasher } from './password-hasher.js';
import { checkPassword } from './password-policy.js';

export interface NewAccountInput {
  readonly email: string;
  readonly password?: string | undefined;
  readonly name?: string | undefined;
  readonly admin?: boolean | undefined;
}

export interface AccountService {
  findById(id: string): Promise<Account | undefined>;
  create(input: NewAccountInput): Promise<Account>;
}

export const NAME_MAX_LENGTH = 100;

export function createAccountService(deps: { repository: AccountRepository; hasher: PasswordHasher }): AccountService {
  return {
    findById: (id) => deps.repository.findById(id),
    async create(input) {
      const email = normalizeEmail(input.email);
      if (!email) {
        throw new AppError(AccountErrorCode.invalidEmail, 'invalid email address', { userMessage: 'Enter a valid email address.' });
      }
      const name = input.name === undefined ? null : cleanName(input.name);
      let passwordHash: string | null = null;
      if (input.password !== undefined) {
        const problem = checkPassword(input.password, { email });
        if (problem) {
          throw new AppError('weak_password', problem, { userMessage: problem });
        }
        passwordHash = await deps.hasher.hash(input.password);
      }
      // Created by an administrator (or the CLI): the address is taken as verified.
      return deps.repository.create({ email, emailVerified: true, name, passwordHash, isAdmin: input.admin ?? false });
    },
  };
}

function cleanName(input: string): string {
  const name = input.normalize('NFC').trim();
  if (name.length === 0 || name.length > NAME_MAX_LENGTH || /[\u0000-\u001f\u007f]/.test(name)) {
    throw new AppError(AccountErrorCode.invalidName, 'invalid name', {
      userMessage: `A name has 1 to ${NAME_MAX_LENGTH} characters and no control characters.`,
    });
  }
  return name;
}
