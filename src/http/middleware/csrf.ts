// CSRF protection for our forms: a signed double-submit cookie, and a refusal of cross-site posts
// whenever the browser says where a request comes from (Origin, Sec-Fetch-Site).
import type { Context, Middleware } from 'koa';

import { AppError } from '../../core/app-error.js';
import { constantTimeEqual, randomToken } from '../../core/random-token.js';

export const CSRF_FIELD = '_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const csrfRefused = () => new AppError('csrf_failed', 'CSRF check failed', {
  status: 403,
  userMessage: 'This form has expired or was sent from another site. Go back, reload the page and try again.',
});

export function csrfProtection(options: { issuer: string }): Middleware {
  const ownOrigin = new URL(options.issuer).origin;
  return async (ctx, next) => {
    const name = cookieName(ctx);
    let token = ctx.cookies.get(name, { signed: true });
    if (!token) {
      token = randomToken();
      ctx.cookies.set(name, token, { httpOnly: true, sameSite: 'lax', signed: true, secure: ctx.secure, path: '/' });
    }
    ctx.state['csrfToken'] = token;
    if (!SAFE_METHODS.has(ctx.method)) {
      const origin = ctx.get('Origin');
      if ((origin && origin !== ownOrigin) || ctx.get('Sec-Fetch-Site') === 'cross-site') {
        throw csrfRefused();
      }
      const sent = (ctx.request.body as Record<string, unknown> | undefined)?.[CSRF_FIELD];
      if (typeof sent !== 'string' || !constantTimeEqual(sent, token)) {
        throw csrfRefused();
      }
    }
    await next();
  };
}

function cookieName(ctx: Context): string {
  return ctx.secure ? '__Host-csrf' : 'csrf';
}
