import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { MfaHandler } from './handler.js';

export function mfaRoutes(handler: MfaHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.get('/interaction/:uid/mfa', ...forms, (ctx) => handler.show(ctx));
  router.post('/interaction/:uid/mfa', ...forms, (ctx) => handler.submit(ctx));
  return router;
}
