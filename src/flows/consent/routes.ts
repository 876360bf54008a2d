import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { ConsentHandler } from './handler.js';

export function consentRoutes(handler: ConsentHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.post('/interaction/:uid/consent', ...forms, (ctx) => handler.submit(ctx));
  return router;
}
