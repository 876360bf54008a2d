import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { DemoHandler } from './demo-handler.js';

/** `parse`: the form parser alone (the provider's back-channel call carries no CSRF token: it is not a browser's). */
export function demoRoutes(handler: DemoHandler, forms: readonly Middleware[], parse: Middleware): Router {
  const router = new Router({ prefix: '/demo' });
  router.get('/', ...forms, (ctx) => handler.home(ctx));
  router.get('/login', ...forms, (ctx) => handler.login(ctx));
  router.get('/callback', ...forms, (ctx) => handler.callback(ctx));
  router.post('/logout', ...forms, (ctx) => handler.logout(ctx));
  router.post('/backchannel-logout', parse, (ctx) => handler.backchannelLogout(ctx));
  return router;
}
