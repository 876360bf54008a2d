import Router from '@koa/router';
import type { Middleware } from 'koa';

import type { PasskeyOfferHandler } from './handler.js';

/** The offer itself is shown at /interaction/:uid (interaction/routes.ts). */
export function passkeyOfferRoutes(handler: PasskeyOfferHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.post('/interaction/:uid/passkey-offer/dismiss', ...forms, (ctx) => handler.dismiss(ctx));
  return router;
}
