import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { LoginHandler } from './handler.js';

/** `forms`: body parsing and CSRF protection, for every route that shows or takes a form. */
export function loginRoutes(handler: LoginHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.post('/interaction/:uid/login/identifier', ...forms, (ctx) => handler.submitIdentifier(ctx));
  router.get('/interaction/:uid/login/password', ...forms, (ctx) => handler.showPassword(ctx));
  router.post('/interaction/:uid/login/password', ...forms, (ctx) => handler.submitPassword(ctx));
  router.post('/interaction/:uid/passkey/options', ...forms, (ctx) => handler.passkeyOptions(ctx));
  router.post('/interaction/:uid/passkey', ...forms, (ctx) => handler.submitPasskey(ctx));
  return router;
}
