import type { Context } from 'koa';

import { CSP_HEADER } from '../middleware/security-headers.js';

export interface SendPageOptions {
  readonly status?: number;
  /** Origins a form on the page may end up at after redirects (the client's redirect URI). */
  readonly formTargets?: readonly string[];
}

/** Sends an HTML page: never cached, forms limited to this origin and the given targets. */
export function sendPage(ctx: Context, html: string, options: SendPageOptions = {}): void {
  ctx.status = options.status ?? 200;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  const origins = [...new Set((options.formTargets ?? []).map((target) => URL.parse(target)?.origin).filter(isOrigin))];
  const csp = ctx.response.get(CSP_HEADER);
  if (csp) {
    ctx.set(CSP_HEADER, `${csp}; form-action 'self'${origins.map((origin) => ` ${origin}`).join('')}`);
  }
  ctx.body = html;
}

function isOrigin(origin: string | undefined): origin is string {
  // Opaque origins ("null") of private-use schemes cannot be listed; CSP allows the scheme itself.
  return origin !== undefined && origin !== 'null';
}
