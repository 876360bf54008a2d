import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { ActivationHandler } from './handler.js';

export function activationRoutes(handler: ActivationHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.get('/activate', ...forms, (ctx) => handler.show(ctx));
  router.post('/activate', ...forms, (ctx) => handler.submit(ctx));
  return router;
}
