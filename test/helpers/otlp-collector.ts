// A stand-in OpenTelemetry collector: takes OTLP/HTTP JSON exports on 127.0.0.1 (POST /v1/traces) and keeps
// each span, flattened, with the headers its export came with.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  /** OTLP's numbers: 2 server, 3 client. */
  readonly kind: number;
  readonly attributes: Readonly<Record<string, string | number | boolean>>;
  /** 0 unset, 1 ok, 2 error. */
  readonly statusCode: number;
  readonly service: string | undefined;
  readonly startNanos: bigint;
  readonly endNanos: bigint;
}

interface OtlpValue { stringValue?: string; intValue?: string | number; boolValue?: boolean; doubleValue?: number }
interface OtlpAttribute { key: string; value: OtlpValue }
interface OtlpSpan {
  traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: OtlpAttribute[];
  status?: { code?: number }; startTimeUnixNano: string | number; endTimeUnixNano: string | number;
}
interface OtlpExport { resourceSpans?: { resource?: { attributes?: OtlpAttribute[] }; scopeSpans?: { spans?: OtlpSpan[] }[] }[] }

const valueOf = (value: OtlpValue) => value.stringValue ?? (value.intValue === undefined ? undefined : Number(value.intValue))
  ?? value.boolValue ?? value.doubleValue ?? '';
const attributesOf = (attributes: OtlpAttribute[] = []) => Object.fromEntries(attributes.map((attribute) => [attribute.key, valueOf(attribute.value)]));

export interface OtlpCollector {
  readonly url: string;
  readonly spans: ReceivedSpan[];
  readonly exportHeaders: IncomingHttpHeaders[];
  /** Waits (up to 10 s) for a span that `matches`. */
  span(matches: (span: ReceivedSpan) => boolean): Promise<ReceivedSpan>;
  close(): Promise<void>;
}

export async function startOtlpCollector(): Promise<OtlpCollector> {
  const spans: ReceivedSpan[] = [];
  const exportHeaders: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/traces' || !req.headers['content-type']?.startsWith('application/json')) {
        res.writeHead(404).end();
        return;
      }
      exportHeaders.push(req.headers);
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as OtlpExport;
      for (const resource of body.resourceSpans ?? []) {
        const service = attributesOf(resource.resource?.attributes)['service.name'];
        for (const scope of resource.scopeSpans ?? []) {
          for (const span of scope.spans ?? []) {
            spans.push({
              traceId: span.traceId, spanId: span.spanId, parentSpanId: span.parentSpanId || undefined, name: span.name, kind: span.kind,
              attributes: attributesOf(span.attributes), statusCode: span.status?.code ?? 0,
              service: typeof service === 'string' ? service : undefined,
              startNanos: BigInt(span.startTimeUnixNano), endNanos: BigInt(span.endTimeUnixNano),
            });
          }
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    exportHeaders,
    async span(matches) {
      for (let waited = 0; waited < 10_000; waited += 25) {
        const found = spans.find(matches);
        if (found) {
          return found;
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`no such span among ${spans.length}: ${spans.map((span) => span.name).join(', ')}`);
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
