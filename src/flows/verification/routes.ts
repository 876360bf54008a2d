import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { VerificationHandler } from './handler.js';

export function verificationRoutes(handler: VerificationHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.get('/interaction/:uid/verify', ...forms, (ctx) => handler.show(ctx));
  router.post('/interaction/:uid/verify', ...forms, (ctx) => handler.submit(ctx));
  router.get('/interaction/:uid/verify/status', (ctx) => handler.status(ctx));
  router.get('/login/verify', ...forms, (ctx) => handler.showLink(ctx));
  router.post('/login/verify', ...forms, (ctx) => handler.useLink(ctx));
  return router;
}
