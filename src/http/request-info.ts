import type { Context } from 'koa';

import type { AuditRequest } from '../audit/audit-event.js';

/** Where a request came from, for the audit log (the address honours TRUST_PROXY through Koa). */
export function requestInfo(ctx: Context): AuditRequest {
  return { ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined };
}
