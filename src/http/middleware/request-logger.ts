import type { Middleware } from 'koa';

import type { Logger } from '../../core/logger.js';
import type { Metrics } from '../../metrics/metrics.js';
import { assignRequestId } from '../request-id.js';

/**
 * When the response is done: one log line (the path only, as query strings carry codes and tokens, and
 * the request's id, also sent back as X-Request-Id), and the request's time by route: the router's path template on our pages
 * (/interaction/:uid), the endpoint's name on oidc-provider's (token, authorization, ...), so that labels
 * stay few. Not async: on the hot path every promise counts.
 */
export function requestLogger(logger: Logger, metrics: Metrics): Middleware {
  return (ctx, next) => {
    const started = performance.now();
    const requestId = assignRequestId(ctx);
    ctx.res.once('finish', () => {
      const ms = performance.now() - started;
      const status = ctx.res.statusCode;
      const route = (ctx as { oidc?: { route?: string } }).oidc?.route ?? (ctx as { _matchedRoute?: unknown })._matchedRoute;
      metrics.request(typeof route === 'string' ? route : 'unmatched', ctx.method, status, ms / 1000);
      if (logger.isLevelEnabled('info')) {
        logger.info({ requestId, method: ctx.method, path: ctx.path, status, ms: Math.round(ms * 1000) / 1000, ip: ctx.ip },
          'request');
      }
    });
    return next();
  };
}
