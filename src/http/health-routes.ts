import Router from '@koa/router';

import type { Readiness } from './readiness.js';

/** /healthz: the process answers. /readyz: and every dependency it needs answers too, and it is not draining. */
export function healthRoutes(readiness: Readiness): Router {
  const router = new Router();
  router.get('/healthz', (ctx) => {
    ctx.set('Cache-Control', 'no-store');
    ctx.body = { status: 'ok' };
  });
  router.get('/readyz', async (ctx) => {
    const report = await readiness.check();
    ctx.set('Cache-Control', 'no-store');
    ctx.status = report.ready ? 200 : 503;
    ctx.body = { status: report.status, checks: report.checks };
  });
  return router;
}
