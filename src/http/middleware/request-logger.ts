import type { Middleware } from 'koa';

import type { Logger } from '../../core/logger.js';
import type { Metrics } from '../../metrics/metrics.js';
import { assignRequestId } from '../request-id.js';
import { routeOf } from '../route-of.js';

/**
 * When the response is done: one log line (the path only, as query strings carry codes and tokens, and
 * the request's id, also sent back as X-Request-Id), and the request's time by route (routeOf, so that labels
 * stay few). Not async: on the hot path every promise counts.
 */
export function requestLogger(logger: Logger, metrics: Metrics): Middleware {
  return (ctx, next) => {
    const started = performance.now();
    const requestId = assignRequestId(ctx);
    ctx.res.once('finish', () => {
      const ms = performance.now() - started;
      const status = ctx.res.statusCode;
      metrics.request(routeOf(ctx), ctx.method, status, ms / 1000);
      if (logger.isLevelEnabled('info')) {
        const traceId = ctx.state['traceId'] as string | undefined;
        logger.info({ requestId, ...(traceId ? { traceId } : {}), method: ctx.method, path: ctx.path, status, ms: Math.round(ms * 1000) / 1000, ip: ctx.ip },
          'request');
      }
    });
    return next();
  };
}
