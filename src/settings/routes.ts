import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { SettingsHandler } from './handler.js';

export function settingsRoutes(handler: SettingsHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.get('/account', ...forms, (ctx) => handler.show(ctx));
  router.get('/account/callback', ...forms, (ctx) => handler.callback(ctx));
  router.post('/account/password', ...forms, (ctx) => handler.changePassword(ctx));
  router.post('/account/devices/:id/remove', ...forms, (ctx) => handler.removeDevice(ctx));
  router.post('/account/devices/remove-all', ...forms, (ctx) => handler.removeAllDevices(ctx));
  router.post('/account/sign-out-everywhere', ...forms, (ctx) => handler.signOutEverywhere(ctx));
  return router;
}
