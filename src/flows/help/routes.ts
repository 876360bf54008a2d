// Help the product gives on its sign-in pages: sign-in problems, and customers joining a support session
// (who need no account at all).
import Router from '@koa/router';

import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';

export function helpRoutes(renderer: Renderer): Router {
  const router = new Router();
  router.get('/help/sign-in', (ctx) => {
    sendPage(ctx, renderer.render('help-sign-in', { title: 'Help signing in' }, {}));
  });
  router.get('/help/join-session', (ctx) => {
    sendPage(ctx, renderer.render('help-join-session', { title: 'Joining a support session' }, {}));
  });
  return router;
}
