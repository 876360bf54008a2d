import type { Middleware } from 'koa';

export const CSP_HEADER = 'Content-Security-Policy';

// No inline script or style, nothing from other hosts. form-action is added per page by sendPage,
// which knows where the page's forms lead (oidc-provider's form_post page posts to the client).
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

// Interaction URLs carry ids that other sites have no business seeing: Referrer-Policy same-origin. Not
// no-referrer: with it, browsers send 'Origin: null' on our own form posts, which the CSRF check must refuse.
const HEADERS: readonly (readonly [string, string])[] = [
  [CSP_HEADER, CONTENT_SECURITY_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=()'],
];
const HSTS = ['Strict-Transport-Security', 'max-age=31536000; includeSubDomains'] as const;

/** Set on the response before anything else; not async, so the hot path pays no promise for it. */
export function securityHeaders(options: { hsts: boolean }): Middleware {
  const headers = options.hsts ? [...HEADERS, HSTS] : HEADERS;
  return (ctx, next) => {
    for (const [name, value] of headers) {
      ctx.res.setHeader(name, value);
    }
    return next();
  };
}
