// Part of the composition root: the SCIM 2.0 service at ISSUER/scim/v2.
import type Router from '@koa/router';

import { scimRoutes } from '../scim/scim-routes.js';
import { createRateLimiter, type QuotaPolicy } from '../throttling/rate-limit.js';
import type { Services } from './services.js';

export function scimServiceRoutes(services: Services): Router {
  const { config } = services;
  const quota = (policy: QuotaPolicy) => createRateLimiter(services.storage.store, 'scim', policy, () => services.clock.now().getTime());
  return scimRoutes({
    tokens: services.scim.tokens, users: services.scim.users, groups: services.scim.groups, baseUrl: services.scim.baseUrl,
    perToken: quota({ name: 'per-token', limit: config.scim.perTokenPerMinute, windowSeconds: 60 }),
    perAddress: quota({ name: 'per-address', limit: config.scim.perAddressPerMinute, windowSeconds: 60 }),
    documentationUri: `${config.http.issuer}/admin/provisioning`,
    logger: services.logger,
  });
}
