import type { IncomingMessage, ServerResponse } from 'node:http';

import type Router from '@koa/router';
import Koa from 'koa';
import type Provider from 'oidc-provider';

import { AppError } from '../core/app-error.js';
import type { Logger } from '../core/logger.js';
import { isProviderPath } from '../provider/routes.js';
import { errorHandler, type ErrorResponder } from './middleware/error-handler.js';
import { requestLogger } from './middleware/request-logger.js';
import { securityHeaders } from './middleware/security-headers.js';
import { staticAssets } from './middleware/static-assets.js';

export interface HttpAppDeps {
  readonly issuer: string;
  readonly trustProxy: boolean;
  readonly cookieKeys: readonly string[];
  readonly logger: Logger;
  readonly staticDir: string;
  readonly respondWithError: ErrorResponder;
  /** The provider of the moment: it is replaced when the signing keys change. */
  readonly provider: () => Provider;
  readonly routers: readonly Router[];
}

type NodeHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

export function createHttpApp(deps: HttpAppDeps): Koa {
  const app = new Koa({ proxy: deps.trustProxy, keys: [...deps.cookieKeys] });
  // Koa would print every error thrown to it; ours are handled and logged by errorHandler.
  app.silent = true;
  const handlers = new WeakMap<Provider, NodeHandler>();
  const providerHandler = () => {
    const provider = deps.provider();
    let handler = handlers.get(provider);
    if (!handler) {
      handler = provider.callback() as NodeHandler;
      handlers.set(provider, handler);
    }
    return handler;
  };

  app.use(requestLogger(deps.logger));
  app.use(securityHeaders({ hsts: deps.issuer.startsWith('https:') }));
  app.use(errorHandler({ logger: deps.logger, respond: deps.respondWithError }));
  app.use(staticAssets(deps.staticDir));
  for (const router of deps.routers) {
    app.use(router.routes());
    app.use(router.allowedMethods());
  }
  app.use(async (ctx, next) => {
    if (!isProviderPath(ctx.path)) {
      return next();
    }
    // oidc-provider answers its own endpoints, errors included.
    ctx.respond = false;
    await providerHandler()(ctx.req, ctx.res);
  });
  app.use(() => {
    throw new AppError('not_found', 'no route', { status: 404 });
  });
  return app;
}
