// A server span for each request, child of the caller's trace when the request carries a traceparent. It
// holds what an operator filters on: method, route, status, and the request's id (also in its log line,
// which carries the trace's id in return). Never the query string: it carries codes and tokens.
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import type { Middleware } from 'koa';

import { requestIdOf } from '../http/request-id.js';
import { routeOf } from '../http/route-of.js';
import type { Tracing } from './tracing.js';

export function requestSpans(tracing: Tracing): Middleware {
  return (ctx, next) => {
    const parent = tracing.extract(ctx.headers);
    const span = tracing.tracer.startSpan(ctx.method, {
      kind: SpanKind.SERVER,
      attributes: {
        'http.request.method': ctx.method,
        'url.path': ctx.path,
        'url.scheme': ctx.protocol,
        'client.address': ctx.ip,
        ...(ctx.get('user-agent') ? { 'user_agent.original': ctx.get('user-agent') } : {}),
        ...(requestIdOf(ctx) ? { 'idp.request_id': requestIdOf(ctx) } : {}),
      },
    }, parent);
    if (span.isRecording()) {
      ctx.state['traceId'] = span.spanContext().traceId;
    }
    ctx.res.once('close', () => {
      const route = routeOf(ctx);
      const status = ctx.res.statusCode;
      span.updateName(`${ctx.method} ${route}`);
      span.setAttributes({ 'http.route': route, 'http.response.status_code': status });
      if (!ctx.res.writableFinished) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'the connection closed before the response was sent' });
      } else if (status >= 500) {
        span.setStatus({ code: SpanStatusCode.ERROR });
      }
      span.end();
    });
    return tracing.run(trace.setSpan(parent, span), next);
  };
}
