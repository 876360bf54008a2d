// Who a company sign-in is: the linked account of the upstream identity; otherwise, by the email, but
// only in a domain the organization has claimed and proven: an existing account is linked (and joins the
// organization), or a new member is created just in time when the organization allows it.
import type { Account } from '../../accounts/account.js';
import type { AccountRepository } from '../../accounts/account-repository.js';
import type { AccountService } from '../../accounts/account-service.js';
import type { Clock } from '../../core/clock.js';
import type { Connection, Organization } from '../../organizations/organization.js';
import type { OrganizationRepository } from '../../organizations/organization-repository.js';
import type { ExternalIdentityRepository } from '../external-identity-repository.js';
import type { UpstreamIdentity } from '../upstream-identity.js';
import { connectionSource } from './connection-provider.js';

export type EnterpriseProblem = 'email_missing' | 'domain_not_claimed' | 'no_account' | 'other_organization';
export type EnterpriseResolution =
  /** `created`: the account was made just now, just in time, from the company's identity. */
  | { readonly account: Account; readonly created?: boolean }
  | { readonly problem: EnterpriseProblem; readonly email?: string | undefined };

export interface EnterpriseLinkDeps {
  readonly identities: ExternalIdentityRepository;
  readonly accountRepository: Pick<AccountRepository, 'findById' | 'findByEmail' | 'markActive'>;
  readonly accounts: Pick<AccountService, 'create'>;
  readonly organizations: Pick<OrganizationRepository, 'membership' | 'addMember'>;
  readonly clock: Clock;
}

export async function linkEnterpriseAccount(deps: EnterpriseLinkDeps, organization: Organization, connection: Connection,
  identity: UpstreamIdentity): Promise<EnterpriseResolution> {
  const source = connectionSource(connection);
  const linked = await deps.identities.find(source, identity.subject);
  const linkedAccount = linked ? await deps.accountRepository.findById(linked.accountId) : undefined;
  if (linked && linkedAccount) {
    await deps.identities.touch(linked.id, deps.clock.now());
    return { account: await active(deps, linkedAccount) };
  }
  const { email } = identity;
  if (!email) {
    return { problem: 'email_missing' };
  }
  const domain = email.split('@')[1];
  if (!organization.domains.some((claimed) => claimed.verified && claimed.domain === domain)) {
    return { problem: 'domain_not_claimed', email };
  }
  let account = await deps.accountRepository.findByEmail(email);
  let created = false;
  if (!account) {
    if (!organization.jitProvisioning) {
      return { problem: 'no_account', email };
    }
    account = await deps.accounts.create({ email, name: identity.name });
    created = true;
  }
  const membership = await deps.organizations.membership(account.id);
  if (membership && membership.organizationId !== organization.id) {
    return { problem: 'other_organization', email };
  }
  if (!membership) {
    await deps.organizations.addMember(organization.id, account.id, false);
  }
  await deps.identities.link({ source, subject: identity.subject, accountId: account.id, email });
  return { account: await active(deps, account), created };
}

/**
 * An invited member who signs in through the company is active: the company vouches for them. A suspended
 * one stays suspended (the sign-in is refused after this): only an administrator, or the company's
 * provisioning, gives access back.
 */
async function active(deps: EnterpriseLinkDeps, account: Account): Promise<Account> {
  return account.status === 'INVITED' ? deps.accountRepository.markActive(account.id) : account;
}
