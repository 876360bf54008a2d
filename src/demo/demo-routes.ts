import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { DemoHandler } from './demo-handler.js';

export function demoRoutes(handler: DemoHandler, forms: readonly Middleware[]): Router {
  const router = new Router({ prefix: '/demo' });
  router.get('/', ...forms, (ctx) => handler.home(ctx));
  router.get('/login', ...forms, (ctx) => handler.login(ctx));
  router.get('/callback', ...forms, (ctx) => handler.callback(ctx));
  router.post('/logout', ...forms, (ctx) => handler.logout(ctx));
  return router;
}
