// Every request gets an id, for the log lines it causes and for the person who reports a failure: the
// proxy's X-Request-Id when it is a plain token, otherwise a new one; sent back as X-Request-Id.
import { randomUUID } from 'node:crypto';

import type { Context } from 'koa';

const ACCEPTED = /^[A-Za-z0-9._:-]{8,128}$/;

export function assignRequestId(ctx: Context): string {
  const offered = ctx.get('x-request-id');
  const id = ACCEPTED.test(offered) ? offered : randomUUID();
  ctx.state['requestId'] = id;
  ctx.set('X-Request-Id', id);
  return id;
}

export function requestIdOf(ctx: Context): string | undefined {
  const id = ctx.state['requestId'];
  return typeof id === 'string' ? id : undefined;
}
