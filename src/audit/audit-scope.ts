import type { AccountRepository } from '../accounts/account-repository.js';
import type { OrganizationRepository } from '../organizations/organization-repository.js';

export interface AuditScope {
  readonly accountId?: string | undefined;
  readonly organizationId?: string | undefined;
}

/**
 * The organization whose administrators see an event: the account's, or, for an address without an
 * account (a failed sign-in, a reset request), the one that proved the address's domain.
 */
export function createAuditScope(deps: {
  accounts: Pick<AccountRepository, 'findByEmail'>;
  organizations: Pick<OrganizationRepository, 'membership' | 'findByVerifiedDomain'>;
}) {
  return async (who: { accountId?: string | undefined; email?: string | undefined }): Promise<AuditScope> => {
    const accountId = who.accountId ?? (who.email ? (await deps.accounts.findByEmail(who.email))?.id : undefined);
    const membership = accountId ? await deps.organizations.membership(accountId) : undefined;
    if (membership) {
      return { accountId, organizationId: membership.organizationId };
    }
    const domain = who.email?.split('@')[1];
    return { accountId, organizationId: domain ? (await deps.organizations.findByVerifiedDomain(domain))?.id : undefined };
  };
}
