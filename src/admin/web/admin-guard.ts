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
import type { AdminSessions } from '../admin-session.js';

export interface AdminPrincipal {
  readonly context: AdminContext;
  readonly organizationName: string;
  readonly idToken: string;
}

export function createAdminGuard(deps: {
  sessions: AdminSessions;
  provider: () => Provider;
  accounts: Pick<AccountRepository, 'findById'>;
  organizations: Pick<OrganizationRepository, 'membership' | 'findById'>;
}) {
  return async function signedInAdmin(ctx: Context): Promise<AdminPrincipal | undefined> {
    const session = await deps.sessions.current(ctx);
    if (!session) {
      return undefined;
    }
    const provider = await currentSession(ctx, deps.provider());
    const account = provider?.accountId === session.accountId ? await deps.accounts.findById(session.accountId) : undefined;
    const membership = account?.status === 'ACTIVE' ? await deps.organizations.membership(account.id) : undefined;
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
