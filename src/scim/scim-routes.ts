// The SCIM 2.0 service at ISSUER/scim/v2 (RFC 7644), for an organization's identity provider: discovery,
// /Users and /Groups. Every request carries one of the organization's SCIM tokens and acts on that
// organization only; it counts against the caller's address (before the token is looked up) and its token.
// Bodies are application/scim+json (or application/json), 256 KB at most; answers are
// application/scim+json, errors in the form of RFC 7644 section 3.12.
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import type { Context, Middleware } from 'koa';

import type { Logger } from '../core/logger.js';
import { refuseControlCharactersInQuery } from '../http/input/refuse-control-characters.js';
import { containsControlCharacters } from '../http/input/text-rules.js';
import { rateLimitHeaders, type RateLimiter } from '../throttling/rate-limit.js';
import { resourceTypes, schemaDocuments, serviceProviderConfig } from './scim-discovery.js';
import { ScimError, ScimErrors } from './scim-error.js';
import type { ScimGroups } from './scim-groups.js';
import { parseListQuery, project } from './scim-list.js';
import type { ScimCaller, ScimTokens } from './scim-tokens.js';
import type { ScimUsers } from './scim-users.js';

export const SCIM_PATH = '/scim/v2';
const BODY_LIMIT = '256kb';
const SCIM_JSON = 'application/scim+json; charset=utf-8';

export interface ScimRoutesDeps {
  readonly tokens: ScimTokens;
  readonly users: ScimUsers;
  readonly groups: ScimGroups;
  readonly perToken: RateLimiter;
  readonly perAddress: RateLimiter;
  /** ISSUER/scim/v2 */
  readonly baseUrl: string;
  readonly documentationUri: string;
  readonly logger: Logger;
}

/** If-Match: a version this service gave (W/"3"); `*` or none: any. Anything else matches nothing. */
function ifMatchOf(ctx: Context): number | undefined {
  const header = ctx.get('if-match').trim();
  if (header === '' || header === '*') {
    return undefined;
  }
  const version = /^(?:W\/)?"(\d{1,9})"$/.exec(header)?.[1];
  if (version === undefined) {
    throw ScimErrors.preconditionFailed();
  }
  return Number(version);
}

function send(ctx: Context, status: number, body?: Record<string, unknown>): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  if (body !== undefined) {
    ctx.type = SCIM_JSON;
    ctx.body = JSON.stringify(body);
    const meta = body['meta'] as { version?: string; location?: string } | undefined;
    if (meta?.version) {
      ctx.set('ETag', meta.version);
    }
    if (status === 201 && meta?.location) {
      ctx.set('Location', meta.location);
    }
  }
}

export function scimRoutes(deps: ScimRoutesDeps): Router {
  const router = new Router({ prefix: SCIM_PATH });

  const errors: Middleware = async (ctx, next) => {
    try {
      await next();
    } catch (caught) {
      let error: ScimError;
      const status = (caught as { status?: unknown }).status;
      if (caught instanceof ScimError) {
        error = caught;
      } else if (status === 413) {
        error = ScimErrors.tooLarge(BODY_LIMIT);
      } else if (status === 415) {
        error = ScimErrors.unsupportedMediaType();
      } else if (typeof status === 'number' && status >= 400 && status < 500) {
        error = ScimErrors.invalidSyntax('The request body is not JSON that can be read.');
      } else {
        deps.logger.error({ err: caught }, 'SCIM request failed');
        error = new ScimError(500, 'The request could not be carried out: try again later.');
      }
      if (error.status === 401) {
        ctx.set('WWW-Authenticate', 'Bearer realm="scim"');
      }
      send(ctx, error.status, error.body);
    }
  };
  const quota = (limiter: RateLimiter, key: (ctx: Context) => string): Middleware => async (ctx, next) => {
    const use = await limiter.take(key(ctx));
    for (const [name, value] of Object.entries(rateLimitHeaders([use]))) {
      ctx.set(name, value);
    }
    if (!use.allowed) {
      throw ScimErrors.rateLimited(use.resetSeconds);
    }
    await next();
  };
  const authenticate: Middleware = async (ctx, next) => {
    ctx.state['scim'] = await deps.tokens.authenticate(ctx.get('authorization') || undefined);
    await next();
  };
  const parser = bodyParser({ enableTypes: ['json'], jsonLimit: BODY_LIMIT, encoding: 'utf-8' }) as Middleware;
  const body: Middleware = async (ctx, next) => {
    if (!ctx.is('application/scim+json', 'application/json')) {
      throw ScimErrors.unsupportedMediaType();
    }
    await parser(ctx, async () => undefined);
    if (containsControlCharacters(ctx.request.body)) {
      throw ScimErrors.invalidValue('The request holds control characters.');
    }
    await next();
  };

  router.use(errors, refuseControlCharactersInQuery(), quota(deps.perAddress, (ctx) => ctx.ip), authenticate,
    quota(deps.perToken, (ctx) => (ctx.state['scim'] as ScimCaller).tokenId));

  const caller = (ctx: Context) => ctx.state['scim'] as ScimCaller;
  const id = (ctx: Context) => String(ctx['params'].id);

  router.get('/ServiceProviderConfig', (ctx) => send(ctx, 200, serviceProviderConfig(deps.baseUrl, deps.documentationUri)));
  router.get('/ResourceTypes', (ctx) => send(ctx, 200, listOf(resourceTypes(deps.baseUrl))));
  router.get('/ResourceTypes/:id', (ctx) => send(ctx, 200, one(resourceTypes(deps.baseUrl), id(ctx))));
  router.get('/Schemas', (ctx) => send(ctx, 200, listOf(schemaDocuments(deps.baseUrl))));
  router.get('/Schemas/:id', (ctx) => send(ctx, 200, one(schemaDocuments(deps.baseUrl), id(ctx))));

  for (const [path, service] of [['/Users', deps.users], ['/Groups', deps.groups]] as const) {
    router.get(path, async (ctx) => send(ctx, 200, await service.list(caller(ctx), parseListQuery(ctx.query))));
    router.post(path, body, async (ctx) => send(ctx, 201, await service.create(caller(ctx), ctx.request.body)));
    router.get(`${path}/:id`, async (ctx) => send(ctx, 200, project(await service.get(caller(ctx), id(ctx)), parseListQuery(ctx.query))));
    router.put(`${path}/:id`, body, async (ctx) => send(ctx, 200, await service.replace(caller(ctx), id(ctx), ctx.request.body, ifMatchOf(ctx))));
    router.patch(`${path}/:id`, body, async (ctx) => send(ctx, 200, await service.patch(caller(ctx), id(ctx), ctx.request.body, ifMatchOf(ctx))));
    router.delete(`${path}/:id`, async (ctx) => {
      await service.delete(caller(ctx), id(ctx), ifMatchOf(ctx));
      send(ctx, 204);
    });
  }
  // Last: a path that is here with other methods gets 405 and Allow; any other, 404.
  const everyPath = `${SCIM_PATH}/{*rest}`;
  router.all('/{*rest}', (ctx) => {
    const allowed = new Set(router.match(ctx.path, ctx.method).path
      .filter((layer) => layer.path !== everyPath).flatMap((layer) => layer.methods));
    if (allowed.size === 0) {
      throw ScimErrors.notFound();
    }
    ctx.set('Allow', [...allowed].join(', '));
    throw ScimErrors.methodNotAllowed();
  });
  return router;
}

function listOf(resources: Record<string, unknown>[]): Record<string, unknown> {
  return {
    schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'], totalResults: resources.length, startIndex: 1,
    itemsPerPage: resources.length, Resources: resources,
  };
}

function one(resources: Record<string, unknown>[], id: string): Record<string, unknown> {
  const found = resources.find((resource) => resource['id'] === id);
  if (!found) {
    throw ScimErrors.notFound();
  }
  return found;
}
