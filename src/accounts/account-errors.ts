import { AppError } from '../core/app-error.js';

export const AccountErrorCode = {
  exists: 'account_exists',
  invalidEmail: 'invalid_email',
  invalidName: 'invalid_name',
  weakPassword: 'weak_password',
} as const;

export class AccountExistsError extends AppError {
  constructor(email: string) {
    super(AccountErrorCode.exists, `an account with the email ${email} already exists`, {
      status: 409,
      userMessage: 'An account with this email address already exists.',
    });
  }
}
