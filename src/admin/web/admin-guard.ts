// Who is using the Admin Center: its own session, still backed by a provider session of the same account
// in this browser (so that signing out anywhere, being signed out everywhere or suspended, ends it too),
// for an active administrator of the organization the session was opened for.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../../accounts/account-repository.js';
import { requestInfo } from '../../http/request-info.js';
import type { AdminContext } from '../../organizations/admin-context.js';
import type { OrganizationRepository } from '../../organizations/organization-repository.js';
import { currentSession } from '../../provider/provider-session.js';
import type { Account } from '../../accounts/account.js';
import type { AdminSession, AdminSessions } from '../admin-session.js';

export interface AdminPrincipal {
  readonly context: AdminContext;
  readonly organizationName: string;
  readonly idToken: string;
}

export interface AdminGuardDeps {
  readonly sessions: AdminSessions;
  readonly provider: () => Provider;
  readonly accounts: Pick<AccountRepository, 'findById'>;
  readonly organizations: Pick<OrganizationRepository, 'membership' | 'findById'>;
}

/**
 * The Admin Center session of this browser, with its account while that is active and still signed in at
 * the provider in this browser (account undefined otherwise); undefined without a session.
 */
export async function sessionAccount(ctx: Context, deps: Omit<AdminGuardDeps, 'organizations'>,
): Promise<{ session: AdminSession; account: Account | undefined } | undefined> {
  const session = await deps.sessions.current(ctx);
  if (!session) {
    return undefined;
  }
  const provider = await currentSession(ctx, deps.provider());
  const account = provider?.accountId === session.accountId ? await deps.accounts.findById(session.accountId) : undefined;
  return { session, account: account?.status === 'ACTIVE' ? account : undefined };
}

export function createAdminGuard(deps: AdminGuardDeps) {
  return async function signedInAdmin(ctx: Context): Promise<AdminPrincipal | undefined> {
    const found = await sessionAccount(ctx, deps);
    if (!found) {
      return undefined;
    }
    const { session, account } = found;
    const membership = account ? await deps.organizations.membership(account.id) : undefined;
    const organization = membership?.isAdmin && membership.organizationId === session.organizationId
      ? await deps.organizations.findById(membership.organizationId) : undefined;
    if (!account || !organization) {
      await deps.sessions.end(ctx);
      return undefined;
    }
    return {
      context: { organizationId: organization.id, actor: { id: account.id, email: account.email }, request: requestInfo(ctx) },
      organizationName: organization.name,
      idToken: session.idToken,
    };
  };
}

export type AdminGuard = ReturnType<typeof createAdminGuard>;
