// The Admin Center's pages under /admin: sign-in and out, then Users, Account settings, Applications,
// Provisioning and the Audit log for a signed-in administrator. Every form carries the CSRF token.
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';

import { parseForm } from '../../http/middleware/parse-form.js';
import type { AdminGuard, AdminPrincipal } from './admin-guard.js';
import type { RelyingParty } from '../../relying-party/relying-party.js';
import type { AuditPages } from './audit-pages.js';
import type { ClientsPages } from './clients-pages.js';
import type { ProvisioningPages } from './provisioning-pages.js';
import type { SettingsPages } from './settings-pages.js';
import type { SignInHandler } from './sign-in-handler.js';
import type { UsersPages } from './users-pages.js';

export interface AdminWebDeps {
  readonly guard: AdminGuard;
  readonly rp: RelyingParty;
  readonly signIn: SignInHandler;
  readonly users: UsersPages;
  readonly settings: SettingsPages;
  readonly clients: ClientsPages;
  readonly provisioning: ProvisioningPages;
  readonly audit: AuditPages;
}

export function adminWebRoutes(deps: AdminWebDeps, forms: readonly Middleware[]): Router {
  const router = new Router({ prefix: '/admin' });
  /** Pages for a signed-in administrator; anyone else is sent to sign in (and comes back here). */
  const admin = (page: (ctx: Context, principal: AdminPrincipal) => Promise<void>): Middleware => async (ctx) => {
    const principal = await deps.guard(ctx);
    if (principal) {
      return page(ctx, principal);
    }
    if (ctx.method === 'GET') {
      return deps.rp.start(ctx, { returnTo: ctx.path });
    }
    ctx.status = 303;
    ctx.redirect('/admin/');
  };
  const { signIn, users, settings, clients, provisioning, audit } = deps;

  router.get('/', ...forms, (ctx) => signIn.landing(ctx));
  router.get('/login', ...forms, (ctx) => signIn.login(ctx));
  router.get('/callback', ...forms, (ctx) => signIn.callback(ctx));
  router.get('/not-administrator', ...forms, (ctx) => signIn.notAdministrator(ctx));
  router.post('/logout', ...forms, (ctx) => signIn.logout(ctx));
  router.get('/setup', ...forms, (ctx) => signIn.showSetup(ctx));
  router.post('/setup', ...forms, (ctx) => signIn.submitSetup(ctx));

  router.get('/users', ...forms, admin(users.list));
  router.post('/users/invite', ...forms, admin(users.invite));
  router.get('/users/:id', ...forms, admin(users.show));
  router.get('/users/:id/remove', ...forms, admin(users.confirmRemove));
  router.post('/users/:id/remove', ...forms, admin(users.remove));
  router.post('/users/:id/:action', ...forms, admin(users.act));

  router.get('/settings', ...forms, admin(settings.show));
  router.post('/settings', ...forms, admin(settings.save));
  router.post('/settings/branding', ...forms, admin(settings.saveBranding));
  router.post('/settings/domains', ...forms, admin(settings.addDomain));
  router.post('/settings/domains/:domain/verify', ...forms, admin(settings.verifyDomain));
  router.post('/settings/domains/:domain/remove', ...forms, admin(settings.removeDomain));
  router.post('/settings/connection', ...forms, admin(settings.saveConnection));
  // IdP metadata can be large (certificates, several entities): a bigger form than the others.
  router.post('/settings/connection/saml', parseForm('1mb'), ...forms, admin(settings.saveSamlConnection));
  router.post('/settings/connection/test', ...forms, admin(settings.testConnection));
  router.post('/settings/connection/saml-test', ...forms, admin(settings.startSamlTest));
  router.get('/settings/connection/saml-test', admin(settings.samlTestReport));
  router.post('/settings/connection/remove', ...forms, admin(settings.removeConnection));

  router.get('/clients', ...forms, admin(clients.list));
  router.post('/clients', ...forms, admin(clients.create));
  router.get('/clients/:id', ...forms, admin(clients.show));
  router.post('/clients/:id', ...forms, admin(clients.save));
  router.post('/clients/:id/rotate-secret', ...forms, admin(clients.rotateSecret));
  router.post('/clients/:id/delete', ...forms, admin(clients.delete));

  router.get('/provisioning', ...forms, admin(provisioning.show));
  router.post('/provisioning/tokens', ...forms, admin(provisioning.create));
  router.post('/provisioning/tokens/:id/revoke', ...forms, admin(provisioning.revoke));

  router.get('/audit', ...forms, admin(audit.show));
  router.get('/audit.csv', ...forms, admin(audit.exportCsv));
  return router;
}
