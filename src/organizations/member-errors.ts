import { AppError } from '../core/app-error.js';

export const MemberErrorCode = {
  notFound: 'member_not_found',
  lastAdmin: 'last_admin',
  self: 'not_on_yourself',
  exists: 'account_exists',
  wrongStatus: 'wrong_status',
  invalid: 'invalid_member_input',
} as const;

const error = (code: string, status: number, message: string) => new AppError(code, message, { status, userMessage: message });

export const MemberErrors = {
  notFound: () => error(MemberErrorCode.notFound, 404, 'There is no such user in your organization.'),
  lastAdmin: () => error(MemberErrorCode.lastAdmin, 409, 'Your organization needs at least one active administrator: make someone else one first.'),
  self: (action: string) => error(MemberErrorCode.self, 409, `You cannot ${action} yourself.`),
  member: () => error(MemberErrorCode.exists, 409, 'This person is already a user of your organization.'),
  outsider: () => error(MemberErrorCode.exists, 409,
    'This email address already has an account outside your organization. Only addresses in your verified domains can be added.'),
  wrongStatus: (message: string) => error(MemberErrorCode.wrongStatus, 409, message),
  invalid: (message: string) => error(MemberErrorCode.invalid, 400, message),
};
