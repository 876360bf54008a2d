// 'Connected accounts' on My account: connect a social or other provider (after a recent sign-in), see
// what is connected, disconnect; the last way to sign in cannot be removed.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../accounts/account-repository.js';
import type { Clock } from '../core/clock.js';
import type { AuditLog } from '../audit/audit-log.js';
import { requestInfo } from '../http/request-info.js';
import type { ExternalIdentityRepository } from '../federation/external-identity-repository.js';
import type { SocialRegistry } from '../federation/social/registry.js';
import type { SocialProviderName } from '../federation/social/social-provider.js';
import type { SocialHandler } from '../flows/social/handler.js';
import type { Organizations } from '../organizations/organizations.js';
import { recentlySignedIn, redirectToSignIn, signedInAccount, type SignedIn } from './account-session.js';
import { ConnectionsMessages } from './errors.js';
import { providerParams } from './schema.js';

export interface ConnectedAccount {
  readonly name: SocialProviderName;
  readonly label: string;
  readonly email: string | null | undefined;
  readonly connected: boolean;
}

export interface ConnectionsDeps {
  readonly provider: () => Provider;
  readonly issuer: string;
  readonly repository: Pick<AccountRepository, 'findById'>;
  readonly identities: ExternalIdentityRepository;
  readonly registry: SocialRegistry;
  readonly social: Pick<SocialHandler, 'startConnect'>;
  readonly organizations: Pick<Organizations, 'isSsoOnly'>;
  readonly clock: Clock;
  readonly audit: Pick<AuditLog, 'record'>;
}

export function createConnectionsHandler(deps: ConnectionsDeps) {
  return {
    /** What My account shows: every enabled provider, connected or not. */
    async list(accountId: string): Promise<ConnectedAccount[]> {
      const identities = await deps.identities.listForAccount(accountId);
      return [...deps.registry.values()].map((provider) => {
        const identity = identities.find((candidate) => candidate.source === provider.name);
        return { name: provider.name, label: provider.label, email: identity?.email, connected: identity !== undefined };
      });
    },

    async connect(ctx: Context, showAccount: (found: SignedIn, error: string, status: number) => Promise<void>): Promise<void> {
      const params = providerParams.safeParse(ctx['params']);
      const found = await recentlySignedIn(ctx, deps, '/account');
      if (!found || !params.success) {
        return;
      }
      if (await deps.organizations.isSsoOnly(found.account)) {
        return showAccount(found, ConnectionsMessages.ssoOnly, 403);
      }
      await deps.social.startConnect(ctx, found.account.id);
    },

    async disconnect(ctx: Context, showAccount: (found: SignedIn, error: string, status: number) => Promise<void>): Promise<void> {
      const found = await signedInAccount(ctx, deps.provider(), deps.repository);
      if (!found) {
        return redirectToSignIn(ctx, deps.issuer);
      }
      const params = providerParams.safeParse(ctx['params']);
      const identities = await deps.identities.listForAccount(found.account.id);
      if (!params.success || !identities.some((identity) => identity.source === params.data.provider)) {
        return showAccount(found, ConnectionsMessages.notConnected, 404);
      }
      const ways = (found.account.passwordHash ? 1 : 0) + identities.length;
      if (ways <= 1) {
        return showAccount(found, ConnectionsMessages.lastWay, 409);
      }
      await deps.identities.remove(found.account.id, params.data.provider);
      await deps.audit.record({
        type: 'social.disconnected', accountId: found.account.id, email: found.account.email, request: requestInfo(ctx),
        details: { provider: params.data.provider },
      });
      ctx.status = 303;
      ctx.redirect('/account?done=disconnected');
    },
  };
}

export type ConnectionsHandler = ReturnType<typeof createConnectionsHandler>;
