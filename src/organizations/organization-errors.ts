import { AppError } from '../core/app-error.js';

export const OrganizationErrorCode = {
  domainTaken: 'domain_taken',
  otherOrganization: 'other_organization',
  invalid: 'invalid_organization_input',
  unknown: 'unknown_organization',
} as const;

export class DomainTakenError extends AppError {
  /** @param releasedAt when another organization's unproven claim lapses (undefined: proven, or one's own). */
  constructor(domain: string, releasedAt?: Date) {
    super(OrganizationErrorCode.domainTaken, `the domain ${domain} is already claimed by another organization`, {
      status: 409,
      userMessage: releasedAt
        ? `${domain} is claimed by another organization that has not proven it; unless it does, it can be claimed from ${releasedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC.`
        : `${domain} is claimed already, by your organization or another.`,
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
