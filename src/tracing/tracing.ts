// OpenTelemetry tracing, on when an OTLP endpoint is configured: spans are batched and posted over OTLP/HTTP
// (JSON) to a collector. Spans are made by hand, at our own seams (each request, each store operation),
// not by the instrumentation packages: those patch modules as they load, which under ES modules takes a
// loader hook (import-in-the-middle) on every import of the process. Nothing is registered globally: the
// tracer, the context (AsyncLocalStorage) and the W3C propagator are this object's, so two servers in one
// process (the tests) keep to their own.
import { ROOT_CONTEXT, trace, type Context, type Tracer } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider } from '@opentelemetry/sdk-trace';

import type { TracingConfig } from '../config/config.js';

export interface Tracing {
  readonly tracer: Tracer;
  /** The trace context a request carries (traceparent, tracestate), or none. */
  extract(headers: Readonly<Record<string, string | string[] | undefined>>): Context;
  /** Runs `work` with `context` as the active one, through every await inside it. */
  run<T>(context: Context, work: () => T): T;
  /** The context of the work now running (a request's span, or none). */
  active(): Context;
  /** Sends what is still batched, then stops. */
  shutdown(): Promise<void>;
}

const headerGetter = {
  keys: (carrier: Readonly<Record<string, string | string[] | undefined>>) => Object.keys(carrier),
  get: (carrier: Readonly<Record<string, string | string[] | undefined>>, key: string) => carrier[key],
};

export function startTracing(config: TracingConfig): Tracing {
  const provider = new TracerProvider({
    resource: resourceFromAttributes({ 'service.name': config.serviceName }),
    // A request that comes with a sampled trace is recorded; one that starts a trace, at the configured ratio.
    sampler: new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(config.sampleRatio) }),
    spanProcessors: [new BatchSpanProcessor({
      exporter: new OTLPTraceExporter({ url: config.tracesUrl, headers: { ...config.headers } }),
      scheduledDelayMillis: config.exportDelayMs,
    })],
  });
  const contexts = new AsyncLocalStorageContextManager().enable();
  const propagator = new W3CTraceContextPropagator();
  return {
    tracer: provider.getTracer('gotoassist-identity'),
    extract: (headers) => propagator.extract(ROOT_CONTEXT, headers, headerGetter),
    run: (context, work) => contexts.with(context, work),
    active: () => contexts.active(),
    async shutdown() {
      await provider.shutdown();
      contexts.disable();
    },
  };
}

/** Whether work runs inside a recorded span (store operations outside requests make no spans of their own). */
export function insideSpan(tracing: Tracing): boolean {
  return trace.getSpan(tracing.active())?.isRecording() === true;
}
