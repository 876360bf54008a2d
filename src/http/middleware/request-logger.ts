import type { Middleware } from 'koa';

import type { Logger } from '../../core/logger.js';

/**
 * One line a request, written when the response is done. The path only: query strings carry codes and
 * tokens. A request id given by the proxy in front (X-Request-Id) is logged with it.
 */
export function requestLogger(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    ctx.res.once('finish', () => {
      logger.info({
        requestId: ctx.get('x-request-id') || undefined,
        method: ctx.method,
        path: ctx.path,
        status: ctx.res.statusCode,
        ms: Number((process.hrtime.bigint() - started) / 1000n) / 1000,
        ip: ctx.ip,
      }, 'request');
    });
    await next();
  };
}
