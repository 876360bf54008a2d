// OpenTelemetry tracing as an operator switches it on (OTEL_EXPORTER_OTLP_ENDPOINT) and reads it in a
// collector: a server span per request, joined to the caller's trace, with the store operations under it;
// nothing secret in any span; the log line names the trace; what is batched is sent when the server stops.
import { randomBytes } from 'node:crypto';
import { PassThrough } from 'node:stream';

import { createLogger } from '../../../src/core/logger.js';
import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { startOtlpCollector, type OtlpCollector, type ReceivedSpan } from '../../helpers/otlp-collector.js';
import { clientCredentialsRequest, discover, registerClient, signIn, type TestClient } from '../../helpers/relying-party.js';

const SERVER = 2;
const CLIENT = 3;
const user = { email: 'tracy@example.com', password: 'spans all the way down' };

let collector: OtlpCollector;
let app: TestApp;
let machine: TestClient;
let log = '';

beforeAll(async () => {
  collector = await startOtlpCollector();
  const lines = new PassThrough();
  lines.on('data', (chunk: Buffer) => {
    log += chunk.toString();
  });
  app = await createTestApp({
    logger: createLogger('info', lines),
    env: {
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_EXPORTER_OTLP_HEADERS: 'authorization=Bearer%20collector-key,x-tenant=identity',
      OTEL_SERVICE_NAME: 'identity-under-test',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    },
  });
  await app.services.accounts.create(user);
  machine = await registerClient(app, { grants: ['client_credentials'] });
});
afterAll(async () => {
  await app?.close();
  await collector?.close();
});

const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const childrenOf = (parent: ReceivedSpan) => collector.spans.filter((span) => span.traceId === parent.traceId && span.parentSpanId === parent.spanId);

test("a token request joins the caller's trace, with its store operations as children, sent with the configured headers", async () => {
  const traceId = hex(16);
  const callerSpan = hex(8);
  const response = await clientCredentialsRequest(app.issuer, machine, { headers: { traceparent: `00-${traceId}-${callerSpan}-01` } });
  expect(response.status).toBe(200);

  const server = await collector.span((span) => span.traceId === traceId && span.kind === SERVER);
  expect(server).toMatchObject({
    parentSpanId: callerSpan, name: 'POST token', service: 'identity-under-test', statusCode: 0,
    attributes: expect.objectContaining({
      'http.request.method': 'POST', 'http.route': 'token', 'url.path': '/token', 'http.response.status_code': 200,
      'idp.request_id': response.headers.get('x-request-id'),
    }),
  });
  // The access token's write, at least: inside the request's time.
  const stores = childrenOf(server);
  expect(stores.length).toBeGreaterThan(0);
  for (const store of stores) {
    expect(store.kind).toBe(CLIENT);
    expect(['redis', 'postgresql']).toContain(store.attributes['db.system.name']);
    expect(store.startNanos).toBeGreaterThanOrEqual(server.startNanos);
    expect(store.endNanos).toBeLessThanOrEqual(server.endNanos);
  }
  expect(collector.exportHeaders.at(-1)).toMatchObject({ authorization: 'Bearer collector-key', 'x-tenant': 'identity' });
});

test('a request without a traceparent starts a trace of its own; its log line names it', async () => {
  const response = await fetch(`${app.issuer}/.well-known/openid-configuration`);
  expect(response.status).toBe(200);
  const requestId = response.headers.get('x-request-id');
  const server = await collector.span((span) => span.attributes['idp.request_id'] === requestId);
  expect(server).toMatchObject({ parentSpanId: undefined, name: 'GET discovery', kind: SERVER });
  const line = await waitForLogLine(requestId!);
  expect(line['traceId']).toBe(server.traceId);
});

test('a sign-in through the pages leaves no code, password, email, cookie or token in any span', async () => {
  const rp = await discover(app, await registerClient(app, { firstParty: true }));
  const before = collector.spans.length;
  const { tokens, callback } = await signIn(rp, new TestBrowser(), user);
  const code = new URL(callback).searchParams.get('code')!;
  // Every page of the flow was traced, the SQL statements with their (parameterized) text.
  const password = await collector.span((span) => span.name === 'POST /interaction/:uid/login/password');
  expect(password.attributes['http.response.status_code']).toBe(303);
  const statements = childrenOf(password).filter((span) => typeof span.attributes['db.query.text'] === 'string');
  expect(statements.map((span) => span.name)).toContain('SELECT accounts');
  await collector.span((span) => span.name === 'POST token' && span.startNanos > password.endNanos);

  const recorded = JSON.stringify(collector.spans.slice(before), (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value));
  for (const secret of [code, user.password, user.email, tokens.access_token, tokens.id_token!, 'state=', 'code_challenge']) {
    expect(recorded).not.toContain(secret);
  }
});

test('what is still batched is sent when the server stops', async () => {
  const slow = await startOtlpCollector();
  const quiet = await createTestApp({ env: { OTEL_EXPORTER_OTLP_ENDPOINT: slow.url, OTEL_BSP_SCHEDULE_DELAY: '600000' } });
  try {
    expect((await fetch(`${quiet.issuer}/jwks`)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(slow.spans).toEqual([]);
  } finally {
    await quiet.close();
  }
  expect(slow.spans.map((span) => span.name)).toContain('GET jwks');
  await slow.close();
});

async function waitForLogLine(requestId: string): Promise<Record<string, unknown>> {
  for (let waited = 0; waited < 5000; waited += 25) {
    const line = log.split('\n').find((candidate) => candidate.includes(`"requestId":"${requestId}"`));
    if (line) {
      return JSON.parse(line) as Record<string, unknown>;
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no log line for request ${requestId}`);
}
