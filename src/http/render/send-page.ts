import type { Context } from 'koa';

import { CSP_HEADER } from '../middleware/security-headers.js';

export interface SendPageOptions {
  readonly status?: number;
  /** Origins a form on the page may end up at after redirects (the client's redirect URI). */
  readonly formTargets?: readonly string[];
  /** Pages the page loads in iframes (applications' front-channel logout pages). */
  readonly frames?: readonly { readonly src: string }[];
}

/** Sends an HTML page: never cached, forms limited to this origin and the given targets. */
export function sendPage(ctx: Context, html: string, options: SendPageOptions = {}): void {
  ctx.status = options.status ?? 200;
  ctx.type = 'html';
  ctx.set('Cache-Control', 'no-store');
  const csp = ctx.response.get(CSP_HEADER);
  if (csp) {
    const frames = options.frames?.length ? `; frame-src${originsOf(options.frames.map((frame) => frame.src))}` : '';
    ctx.set(CSP_HEADER, `${csp}; form-action 'self'${originsOf(options.formTargets ?? [])}${frames}`);
  }
  ctx.body = html;
}

/** The URLs' origins, each after a space. */
function originsOf(urls: readonly string[]): string {
  return [...new Set(urls.map((url) => URL.parse(url)?.origin).filter(isOrigin))].map((origin) => ` ${origin}`).join('');
}

function isOrigin(origin: string | undefined): origin is string {
  // Opaque origins ("null") of private-use schemes cannot be listed; CSP allows the scheme itself.
  return origin !== undefined && origin !== 'null';
}
