import type { Context } from 'koa';

/**
 * What a request is, with few distinct values (a metric's label, a span's name): the router's path template
 * on our pages (/interaction/:uid), the endpoint's name on oidc-provider's (token, authorization, ...).
 */
export function routeOf(ctx: Context): string {
  const route = (ctx as { oidc?: { route?: string } }).oidc?.route ?? (ctx as { _matchedRoute?: unknown })._matchedRoute;
  return typeof route === 'string' ? route : 'unmatched';
}
