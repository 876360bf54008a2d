import Router from '@koa/router';
import type { Middleware } from 'koa';

import { parseForm } from '../../http/middleware/parse-form.js';
import type { SocialHandler } from './handler.js';

export function socialRoutes(handler: SocialHandler, forms: readonly Middleware[]): Router {
  const router = new Router();
  router.get('/interaction/:uid/social/:provider', ...forms, (ctx) => handler.start(ctx));
  router.get('/social/:provider/callback', ...forms, (ctx) => handler.callback(ctx));
  // A provider's own form (form_post), posted from its site: the flow's state protects it, not our CSRF token.
  router.post('/social/:provider/callback', parseForm(), (ctx) => handler.callbackPost(ctx));
  return router;
}
