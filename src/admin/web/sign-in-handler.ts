// Getting into the Admin Center and out of it: the landing page, the sign-in through the provider (with a
// step-up when the organization requires two-step verification), 'not an administrator', RP-initiated
// logout, and for an administrator of this server without a company account yet, creating one.
import type { Context } from 'koa';

import type { AccountRepository } from '../../accounts/account-repository.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { isAppError } from '../../core/app-error.js';
import type { Renderer } from '../../http/render/renderer.js';
import { requestInfo } from '../../http/request-info.js';
import type { OrganizationRepository } from '../../organizations/organization-repository.js';
import type { Organizations } from '../../organizations/organizations.js';
import { ACR, meetsAcr } from '../../provider/acr.js';
import { currentSession } from '../../provider/provider-session.js';
import type Provider from 'oidc-provider';
import { sessionAccount, type AdminGuard } from './admin-guard.js';
import { signOutOfApp, SignInError, type RelyingParty } from '../../relying-party/relying-party.js';
import type { AdminSessions } from '../admin-session.js';
import { renderAdminShell } from './admin-views.js';
import { setupForm } from './forms.js';

export interface SignInDeps {
  readonly provider: () => Provider;
  readonly rp: RelyingParty;
  readonly sessions: AdminSessions;
  readonly guard: AdminGuard;
  readonly accounts: Pick<AccountRepository, 'findById'>;
  readonly organizationRepository: Pick<OrganizationRepository, 'membership' | 'findById'>;
  readonly organizations: Pick<Organizations, 'create' | 'addMember'>;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly renderer: Renderer;
}

export function createSignInHandler(deps: SignInDeps) {
  const problem = (ctx: Context, heading: string, message: string, status: number, options: { retry?: boolean; signOut?: boolean } = {}) =>
    renderAdminShell(ctx, deps.renderer, { template: 'problem', title: heading, model: { heading, message, ...options }, status });

  /** A server administrator, signed in here, whose account has no organization yet. */
  const founder = async (ctx: Context) => {
    const account = (await sessionAccount(ctx, deps))?.account;
    return account?.isAdmin && !(await deps.organizationRepository.membership(account.id)) ? account : undefined;
  };

  return {
    async landing(ctx: Context): Promise<void> {
      if (await deps.guard(ctx)) {
        ctx.status = 303;
        ctx.redirect('/admin/users');
        return;
      }
      if (await currentSession(ctx, deps.provider())) {
        // Signed in at the provider already (from another application's menu): straight in, no page in between.
        return deps.rp.start(ctx, {});
      }
      renderAdminShell(ctx, deps.renderer, { template: 'landing', title: 'Sign in', model: {} });
    },

    notAdministrator: (ctx: Context) => problem(ctx, 'Not an administrator', 'The Admin Center is for account administrators. '
      + 'Your account is not one: ask an administrator of your company if you need access.', 403, { signOut: true }),

    async login(ctx: Context): Promise<void> {
      const returnTo = typeof ctx.query['returnTo'] === 'string' ? ctx.query['returnTo'] : undefined;
      await deps.rp.start(ctx, { returnTo });
    },

    async callback(ctx: Context): Promise<void> {
      let signIn;
      try {
        signIn = await deps.rp.finish(ctx);
      } catch (error) {
        if (error instanceof SignInError) {
          return problem(ctx, 'Sign-in did not complete', error.message, 400, { retry: true });
        }
        throw error;
      }
      const account = await deps.accounts.findById(signIn.claims.sub);
      const membership = account ? await deps.organizationRepository.membership(account.id) : undefined;
      if (account && !membership && account.isAdmin) {
        await deps.sessions.start(ctx, { accountId: account.id, organizationId: '', idToken: signIn.idToken });
        ctx.status = 303;
        ctx.redirect('/admin/setup');
        return;
      }
      const organization = membership?.isAdmin ? await deps.organizationRepository.findById(membership.organizationId) : undefined;
      if (!account || !membership || !organization) {
        // A page of its own: the callback's ?code= does not stay in the address bar (or in a bookmark).
        ctx.status = 303;
        ctx.redirect('/admin/not-administrator');
        return;
      }
      const amr = Array.isArray(signIn.claims['amr']) ? signIn.claims['amr'] : [];
      const waived = organization.waiveMfaForSso && amr.includes('fed');
      if (organization.requireMfa && !meetsAcr(signIn.claims['acr'], ACR.multiFactor) && !waived) {
        if (signIn.steppedUp) {
          return problem(ctx, 'Two-step verification needed', `${organization.name} requires two-step verification.`, 403, { retry: true });
        }
        // The organization requires two-step verification: ask for it (acr_values) before letting in.
        return deps.rp.start(ctx, { returnTo: signIn.returnTo, stepUp: true });
      }
      await deps.sessions.start(ctx, { accountId: account.id, organizationId: organization.id, idToken: signIn.idToken });
      ctx.status = 303;
      ctx.redirect(signIn.returnTo);
    },

    /** Out of the Admin Center, and out of the provider (RP-initiated logout), back to the landing page. */
    logout: (ctx: Context) => signOutOfApp(ctx, deps.sessions, deps.rp, '/admin/'),

    async showSetup(ctx: Context): Promise<void> {
      const account = await founder(ctx);
      if (!account) {
        ctx.status = 303;
        ctx.redirect('/admin/');
        return;
      }
      renderAdminShell(ctx, deps.renderer, { template: 'setup', title: 'Create your company account', model: { name: '' }, email: account.email });
    },

    async submitSetup(ctx: Context): Promise<void> {
      const account = await founder(ctx);
      const form = setupForm.safeParse(ctx.request.body);
      if (!account) {
        ctx.status = 303;
        ctx.redirect('/admin/');
        return;
      }
      const name = form.success ? form.data.name : '';
      try {
        const organization = await deps.organizations.create(name, []);
        await deps.organizations.addMember(organization.id, account.email, true);
        await deps.audit.record({
          type: 'organization.created', organizationId: organization.id, accountId: account.id, email: account.email, request: requestInfo(ctx),
          details: { name: organization.name },
        });
        const session = await deps.sessions.current(ctx);
        await deps.sessions.end(ctx);
        await deps.sessions.start(ctx, { accountId: account.id, organizationId: organization.id, idToken: session!.idToken });
        ctx.status = 303;
        ctx.redirect('/admin/users?done=created');
      } catch (error) {
        if (isAppError(error) && error.expose) {
          return renderAdminShell(ctx, deps.renderer, {
            template: 'setup', title: 'Create your company account', model: { name, error: error.userMessage }, email: account.email, status: 400,
          });
        }
        throw error;
      }
    },
  };
}

export type SignInHandler = ReturnType<typeof createSignInHandler>;
