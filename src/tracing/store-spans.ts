// A client span for each store operation made while a request is traced: Redis operations by name (never
// a key: keys hold token ids), SQL statements with their text (parameterized by Prisma: no values).
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';

import type { StoreObserver } from '../storage/state/store-observer.js';
import { insideSpan, type Tracing } from './tracing.js';

const SYSTEMS = { redis: 'redis', sql: 'postgresql', database: 'postgresql' } as const;

export function storeSpans(tracing: Tracing): StoreObserver {
  return {
    operation(store, name, commands, seconds, outcome, statement) {
      if (!insideSpan(tracing)) {
        return;
      }
      const ended = performance.timeOrigin + performance.now();
      const operation = statement ? (/^\s*(\w+)/.exec(statement)?.[1] ?? name).toUpperCase() : name;
      const target = statement ? /\b(?:FROM|INTO|UPDATE)\s+(?:"?\w+"?\.)?"?(\w+)"?/i.exec(statement)?.[1] : undefined;
      const span = tracing.tracer.startSpan(target ? `${operation} ${target}` : `${store} ${operation}`, {
        kind: SpanKind.CLIENT,
        startTime: ended - seconds * 1000,
        attributes: {
          'db.system.name': SYSTEMS[store],
          'db.operation.name': operation,
          ...(target ? { 'db.collection.name': target } : {}),
          ...(statement ? { 'db.query.text': statement } : {}),
          'idp.store.commands': commands,
        },
      }, tracing.active());
      if (outcome !== 'ok') {
        span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
      }
      span.end(ended);
    },
  };
}
