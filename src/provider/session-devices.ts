// Records the browser of each sign-in in My account's Sessions list: after oidc-provider's resume step
// (the browser coming back with a finished sign-in, when the session holds the account), by the session's
// public id.
import type { Middleware } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';

import type { BrowserSessions } from '../accounts/browser-sessions.js';
import { describeUserAgent } from '../accounts/describe-user-agent.js';

export function recordSessionDevices(sessions: Pick<BrowserSessions, 'recordDevice'>): Middleware {
  return async (ctx, next) => {
    await next();
    const { oidc } = ctx as unknown as KoaContextWithOIDC;
    if (oidc?.route !== 'resume' || !oidc.session?.accountId || !oidc.session.uid || ctx.status >= 400) {
      return;
    }
    await sessions.recordDevice(oidc.session.uid, { ...describeUserAgent(ctx.get('user-agent') || undefined), ip: ctx.ip });
  };
}
