import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { HomeHandler } from './handler.js';

export function homeRoutes(handler: HomeHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.get('/', ...forms, (ctx) => handler.show(ctx));
  router.post('/first-administrator', ...forms, (ctx) => handler.createAdministrator(ctx));
  return router;
}
