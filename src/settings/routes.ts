import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { SettingsHandler } from './handler.js';
import type { ConnectionsHandler } from './connections-handler.js';
import type { PasskeySettingsHandler } from './passkey-handler.js';
import type { TwoStepSettingsHandler } from './two-step-handler.js';

export function settingsRoutes(handler: SettingsHandler, twoStep: TwoStepSettingsHandler, passkeys: PasskeySettingsHandler,
  connections: ConnectionsHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  const connectionsError = (ctx: Parameters<Middleware>[0]) => (found: Parameters<SettingsHandler['showWithConnectionsError']>[1],
    error: string, status: number) => handler.showWithConnectionsError(ctx, found, error, status);
  router.get('/account/connections/:provider/connect', ...forms, (ctx) => connections.connect(ctx, connectionsError(ctx)));
  router.post('/account/connections/:provider/disconnect', ...forms, (ctx) => connections.disconnect(ctx, connectionsError(ctx)));
  router.get('/account/two-step/setup', ...forms, (ctx) => twoStep.showSetup(ctx));
  router.post('/account/two-step/confirm', ...forms, (ctx) => twoStep.confirm(ctx));
  router.post('/account/two-step/recovery-codes', ...forms, (ctx) => twoStep.regenerate(ctx));
  router.post('/account/two-step/disable', ...forms, (ctx) => twoStep.disable(ctx, (found, error, status) =>
    handler.showWithTwoStepError(ctx, found, error, status)));
  router.get('/account/passkeys/add', ...forms, (ctx) => passkeys.showAdd(ctx));
  router.post('/account/passkeys/options', ...forms, (ctx) => passkeys.options(ctx));
  router.post('/account/passkeys', ...forms, (ctx) => passkeys.add(ctx));
  router.post('/account/passkeys/:id/remove', ...forms, (ctx) => passkeys.remove(ctx, (found, error, status) =>
    handler.showWithPasskeyError(ctx, found, error, status)));
  router.get('/account', ...forms, (ctx) => handler.show(ctx));
  router.get('/account/callback', ...forms, (ctx) => handler.callback(ctx));
  router.post('/account/password', ...forms, (ctx) => handler.changePassword(ctx));
  router.post('/account/devices/:id/remove', ...forms, (ctx) => handler.removeDevice(ctx));
  router.post('/account/devices/remove-all', ...forms, (ctx) => handler.removeAllDevices(ctx));
  router.post('/account/sign-out-everywhere', ...forms, (ctx) => handler.signOutEverywhere(ctx));
  router.post('/account/sign-out', ...forms, (ctx) => handler.signOut(ctx));
  router.post('/account/name', ...forms, (ctx) => handler.changeName(ctx));
  router.post('/account/language', ...forms, (ctx) => handler.changeLanguage(ctx));
  router.post('/account/sessions/:uid/sign-out', ...forms, (ctx) => handler.endSession(ctx));
  return router;
}
