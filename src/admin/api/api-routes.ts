// The Admin API under /admin/api/v1: every operation of the table, behind the bearer token check, with
// JSON in and out and problem details for every error. Cookies play no part (no CSRF to defend).
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';
import type { z } from 'zod';

import type { Logger } from '../../core/logger.js';
import type { AdminContext } from '../../organizations/admin-context.js';
import { parsedBody } from '../../http/input/parsed-body.js';
import { refuseControlCharactersInQuery } from '../../http/input/refuse-control-characters.js';
import { ADMIN_API_PATH } from '../../provider/resource-servers.js';
import type { AdminServices } from '../admin-services.js';
import type { ApiOperation } from './api-operation.js';
import { ApiProblem, invalidRequest, problemResponses } from './problem.js';

export interface AdminApiDeps {
  readonly operations: readonly ApiOperation[];
  readonly openApi: object;
  readonly authenticate: (ctx: Context) => Promise<AdminContext>;
  /** Counts every call against the caller's quotas (429 when one is spent). */
  readonly quota: Middleware;
  readonly services: AdminServices;
  readonly logger: Logger;
}

const koaPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: 'body' | 'query'): T {
  if (!schema) {
    return undefined as T;
  }
  const result = schema.safeParse(value);
  if (!result.success) {
    throw invalidRequest(result.error, where);
  }
  return result.data;
}

export function adminApiRoutes(deps: AdminApiDeps): Router {
  const router = new Router({ prefix: ADMIN_API_PATH });
  router.use(problemResponses({ logger: deps.logger }));
  router.use(refuseControlCharactersInQuery());
  router.use(deps.quota);
  const json = parsedBody(bodyParser({ enableTypes: ['json'], jsonLimit: '64kb', encoding: 'utf-8' }) as Middleware);
  const openApi = JSON.stringify(deps.openApi);

  router.get('/openapi.json', (ctx) => {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.type = 'application/json';
    ctx.body = openApi;
  });

  for (const op of deps.operations) {
    router[op.method](koaPath(op.path), json, async (ctx) => {
      const admin = await deps.authenticate(ctx);
      if (op.body && !ctx.is('application/json')) {
        throw new ApiProblem('unsupported_media_type', 415, 'Send the request body as application/json.');
      }
      const result = await op.handle({
        admin, services: deps.services, ctx,
        params: ctx['params'] as Record<string, string>,
        query: parse(op.query, ctx.query, 'query'),
        body: parse(op.body, ctx.request.body ?? {}, 'body'),
      });
      ctx.set('Cache-Control', 'no-store');
      for (const [name, value] of Object.entries(result.headers ?? {})) {
        ctx.set(name, value);
      }
      ctx.status = result.status;
      if (result.body !== undefined) {
        ctx.type = result.type ?? 'application/json';
        ctx.body = result.type ? result.body : JSON.stringify(result.body);
      }
    });
  }

  // Anything else under the API's prefix: a problem, not the HTML error page.
  const patterns = deps.operations.map((op) => ({ method: op.method.toUpperCase(), pattern: new RegExp(`^${ADMIN_API_PATH}${op.path.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`) }));
  router.all('/{*rest}', (ctx) => {
    const allowed = patterns.filter((candidate) => candidate.pattern.test(ctx.path)).map((candidate) => candidate.method);
    if (allowed.length > 0) {
      ctx.set('Allow', [...new Set(allowed)].join(', '));
      throw new ApiProblem('method_not_allowed', 405, `This address takes ${allowed.join(', ')}.`);
    }
    throw new ApiProblem('not_found', 404, 'There is no such operation: see /admin/api/v1/openapi.json.');
  });
  return router;
}
