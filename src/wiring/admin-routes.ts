// Part of the composition root: the Admin Center (pages) and its API.
import type Router from '@koa/router';
import type Provider from 'oidc-provider';

import { createApiAuth } from '../admin/api/api-auth.js';
import { adminApiRoutes } from '../admin/api/api-routes.js';
import { openApiDocument } from '../admin/api/openapi.js';
import { ADMIN_API_OPERATIONS } from '../admin/api/operations/all-operations.js';
import { adminApiAudience } from '../provider/resource-servers.js';
import type { Services } from './services.js';

export function adminRoutes(services: Services, provider: () => Provider): Router[] {
  const { config, logger } = services;
  const audience = adminApiAudience(config.http.issuer);
  return [
    adminApiRoutes({
      operations: ADMIN_API_OPERATIONS,
      openApi: openApiDocument(config.http.issuer, audience, ADMIN_API_OPERATIONS),
      authenticate: createApiAuth({
        provider, audience, clients: services.clientRepository, accounts: services.accountRepository, organizations: services.organizationRepository,
      }),
      services: services.admin,
      logger,
    }),
  ];
}
