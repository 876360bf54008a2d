import type { IncomingMessage, ServerResponse } from 'node:http';

import type Router from '@koa/router';
import Koa, { type Middleware } from 'koa';
import type Provider from 'oidc-provider';

import type { ThemeCss } from '../config/theme-file.js';
import { AppError } from '../core/app-error.js';
import type { Logger } from '../core/logger.js';
import { isProviderPath } from '../provider/routes.js';
import { errorHandler, type ErrorResponder } from './middleware/error-handler.js';
import type { Metrics } from '../metrics/metrics.js';
import { hostPinning } from './pinned-host.js';
import { refuseControlCharactersInQuery } from './input/refuse-control-characters.js';
import { requestLogger } from './middleware/request-logger.js';
import { securityHeaders } from './middleware/security-headers.js';
import { staticAssets } from './middleware/static-assets.js';
import { requestSpans } from '../tracing/request-spans.js';
import type { Tracing } from '../tracing/tracing.js';

/**
 * Middleware every response gets, ours and oidc-provider's alike: request log and metrics, security headers,
 * and a span when tracing is on.
 */
export function commonMiddleware(deps: { issuer: string; logger: Logger; metrics: Metrics; tracing?: Tracing | undefined }): Middleware[] {
  return [
    requestLogger(deps.logger, deps.metrics),
    securityHeaders({ hsts: deps.issuer.startsWith('https:') }),
    ...(deps.tracing ? [requestSpans(deps.tracing)] : []),
  ];
}

export interface HttpAppDeps {
  readonly issuer: string;
  readonly trustProxy: boolean;
  readonly cookieKeys: readonly string[];
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly tracing?: Tracing | undefined;
  readonly staticDir: string;
  /** The operator's theme, served as /static/theme.css. */
  readonly theme?: ThemeCss | undefined;
  readonly respondWithError: ErrorResponder;
  /** The provider of the moment: it is replaced when the signing keys change. */
  readonly provider: () => Provider;
  readonly routers: readonly Router[];
  /** Path prefixes whose routers answer errors in a format of their own (the Admin API's problem details). */
  readonly ownErrorFormats?: readonly string[];
}

export type RequestHandler = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * oidc-provider's endpoints go straight to the provider of the moment (a Koa app itself, carrying the
 * common middleware); everything else to our Koa app. One split, at the door: the token endpoint is hot.
 */
export function createRequestHandler(deps: HttpAppDeps): RequestHandler {
  const app = createOwnApp(deps);
  const ownHandler = app.callback();
  const handlers = new WeakMap<Provider, RequestHandler>();
  const providerHandler = () => {
    const provider = deps.provider();
    let handler = handlers.get(provider);
    if (!handler) {
      handler = provider.callback();
      handlers.set(provider, handler);
    }
    return handler;
  };
  const pinned = hostPinning(deps.issuer);
  return (req, res) => {
    pinned(req);
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt === -1 ? url : url.slice(0, queryAt);
    (isProviderPath(path) ? providerHandler() : ownHandler)(req, res);
  };
}

function createOwnApp(deps: HttpAppDeps): Koa {
  const app = new Koa({ proxy: deps.trustProxy, keys: [...deps.cookieKeys] });
  // Koa would print every error thrown to it; ours are handled and logged by errorHandler.
  app.silent = true;
  for (const middleware of commonMiddleware(deps)) {
    app.use(middleware);
  }
  app.use(errorHandler({ logger: deps.logger, respond: deps.respondWithError }));
  app.use(refuseControlCharactersInQuery(deps.ownErrorFormats ?? []));
  app.use(staticAssets(deps.staticDir, deps.theme));
  for (const router of deps.routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  app.use(() => {
    throw new AppError('not_found', 'no route', { status: 404 });
  });
  return app;
}
