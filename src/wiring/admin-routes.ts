// Part of the composition root: the Admin Center (pages) and its API.
import { join } from 'node:path';

import type Router from '@koa/router';
import type { Middleware } from 'koa';
import type Provider from 'oidc-provider';

import { createApiAuth } from '../admin/api/api-auth.js';
import { apiQuota } from '../admin/api/api-quota.js';
import { adminApiRoutes } from '../admin/api/api-routes.js';
import { openApiDocument } from '../admin/api/openapi.js';
import { ADMIN_API_OPERATIONS } from '../admin/api/operations/all-operations.js';
import { createAdminGuard } from '../admin/web/admin-guard.js';
import { createRelyingParty } from '../relying-party/relying-party.js';
import { adminWebRoutes } from '../admin/web/admin-routes.js';
import { createAuditPages } from '../admin/web/audit-pages.js';
import { createClientsPages } from '../admin/web/clients-pages.js';
import { createProvisioningPages } from '../admin/web/provisioning-pages.js';
import { createSettingsPages } from '../admin/web/settings-pages.js';
import { createSignInHandler } from '../admin/web/sign-in-handler.js';
import { createUsersPages } from '../admin/web/users-pages.js';
import { projectRoot } from '../core/project-root.js';
import { themeStylesheets } from '../http/middleware/static-assets.js';
import { createRenderer } from '../http/render/renderer.js';
import { adminApiAudience } from '../provider/resource-servers.js';
import { createRateLimiter, type QuotaPolicy } from '../throttling/rate-limit.js';
import { PRODUCT_NAME, type Services } from './services.js';

export function adminRoutes(services: Services, provider: () => Provider, forms: readonly Middleware[]): Router[] {
  const { config, logger } = services;
  const issuer = config.http.issuer;
  const audience = adminApiAudience(issuer);
  const renderer = createRenderer({
    templatesDir: join(projectRoot, 'interactions', 'templates', 'admin'), productName: PRODUCT_NAME, stylesheets: themeStylesheets(config.theme),
  });
  const rp = createRelyingParty({
    issuer, clientId: config.clients.adminCenter.clientId, clientSecret: config.clients.adminCenter.secret, store: services.storage.store,
    basePath: '/admin', scope: 'openid email profile', postLogoutRedirectUri: `${issuer}/admin/`, defaultReturn: '/admin/users',
  });
  const guard = createAdminGuard({
    sessions: services.adminSessions, provider, accounts: services.accountRepository, organizations: services.organizationRepository,
  });
  const pages = { services: services.admin, renderer };
  const quota = (policy: QuotaPolicy) => createRateLimiter(services.storage.store, 'admin-api', policy, () => services.clock.now().getTime());
  return [
    adminApiRoutes({
      operations: ADMIN_API_OPERATIONS,
      openApi: openApiDocument(issuer, audience, ADMIN_API_OPERATIONS),
      authenticate: createApiAuth({
        provider, audience, clients: services.clientRepository, accounts: services.accountRepository, organizations: services.organizationRepository,
      }),
      quota: apiQuota({
        perToken: quota({ name: 'per-token', limit: config.adminApi.perTokenPerMinute, windowSeconds: 60 }),
        perAddress: quota({ name: 'per-address', limit: config.adminApi.perAddressPerMinute, windowSeconds: 60 }),
      }),
      services: services.admin,
      logger,
    }),
    adminWebRoutes({
      guard, rp,
      signIn: createSignInHandler({
        provider, rp, sessions: services.adminSessions, guard, accounts: services.accountRepository,
        organizationRepository: services.organizationRepository, organizations: services.organizations, audit: services.audit, renderer,
      }),
      users: createUsersPages(pages),
      settings: createSettingsPages({ ...pages, issuer, federation: services.federation, connectionOf: (id) => services.organizations.connectionOf(id) }),
      clients: createClientsPages(pages),
      provisioning: createProvisioningPages(pages),
      audit: createAuditPages({ ...pages, accounts: services.accountRepository }),
    }, forms),
  ];
}
