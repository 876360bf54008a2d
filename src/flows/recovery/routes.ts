import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { RecoveryHandler } from './handler.js';

export function recoveryRoutes(handler: RecoveryHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.get('/password/forgot', ...forms, (ctx) => handler.showForgot(ctx));
  router.post('/password/forgot', ...forms, (ctx) => handler.submitForgot(ctx));
  router.get('/password/forgot/sent', ...forms, (ctx) => handler.showSent(ctx));
  router.get('/password/forgot/help', ...forms, (ctx) => handler.showHelp(ctx));
  router.get('/password/reset', ...forms, (ctx) => handler.showReset(ctx));
  router.post('/password/reset', ...forms, (ctx) => handler.submitReset(ctx));
  return router;
}
