import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { SsoHandler } from './handler.js';

export function ssoRoutes(handler: SsoHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.get('/interaction/:uid/sso', ...forms, (ctx) => handler.showRedirect(ctx));
  router.get('/interaction/:uid/sso/start', ...forms, (ctx) => handler.start(ctx));
  router.get('/interaction/:uid/federated/complete', ...forms, (ctx) => handler.complete(ctx));
  router.get('/sso/callback', ...forms, (ctx) => handler.callback(ctx));
  router.get('/sso/connections/:id/jwks', (ctx) => handler.jwks(ctx));
  return router;
}
