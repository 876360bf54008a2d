import { AppError } from '../core/app-error.js';

export const OrganizationErrorCode = {
  domainTaken: 'domain_taken',
  otherOrganization: 'other_organization',
  invalid: 'invalid_organization_input',
  unknown: 'unknown_organization',
} as const;

export class DomainTakenError extends AppError {
  constructor(domain: string) {
    super(OrganizationErrorCode.domainTaken, `the domain ${domain} is already claimed by another organization`, {
      status: 409, userMessage: `${domain} is claimed already, by your organization or another.`,
    });
  }
}

export class OtherOrganizationError extends AppError {
  constructor() {
    super(OrganizationErrorCode.otherOrganization, 'the account already belongs to another organization', {
      status: 409, userMessage: 'This account already belongs to another organization.',
    });
  }
}

export function invalidOrganizationInput(message: string): AppError {
  return new AppError(OrganizationErrorCode.invalid, message, { userMessage: message });
}

export function unknownOrganization(id: string): AppError {
  return new AppError(OrganizationErrorCode.unknown, `no organization ${id}`, { status: 404 });
}
