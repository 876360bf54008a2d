import { randomUUID } from 'node:crypto';

import type { Middleware } from 'koa';

import type { Logger } from '../../core/logger.js';

/** One line a request, written when the response is done. The path only: query strings carry codes and tokens. */
export function requestLogger(logger: Logger): Middleware {
  return async (ctx, next) => {
    const started = process.hrtime.bigint();
    const requestId = randomUUID();
    ctx.state['requestId'] = requestId;
    ctx.res.once('finish', () => {
      logger.info({
        requestId,
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
