// The last line of defence, over HTTP: an error nobody foresaw becomes a plain 500 page with a reference,
// the same reference is in X-Request-Id and in the log line that holds the whole error, and nothing of the
// error reaches the person.
import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';

import Koa from 'koa';

import { createLogger } from '../../core/logger.js';
import { projectRoot } from '../../core/project-root.js';
import { createMetrics } from '../../metrics/metrics.js';
import { createErrorResponder } from '../pages.js';
import { createRenderer } from '../render/renderer.js';
import { errorHandler } from './error-handler.js';
import { requestLogger } from './request-logger.js';

const lines: Record<string, unknown>[] = [];
let server: Server;
let base: string;

beforeAll(async () => {
  const logger = createLogger('info', new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString().trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>));
      done();
    },
  }));
  const renderer = createRenderer({ templatesDir: join(projectRoot, 'interactions', 'templates'), productName: 'GoToAssist' });
  const app = new Koa();
  app.silent = true;
  app.use(requestLogger(logger, createMetrics()));
  app.use(errorHandler({ logger, respond: createErrorResponder(renderer) }));
  app.use(() => {
    throw new TypeError('Cannot read properties of undefined (reading secretColumn)');
  });
  server = createServer(app.callback());
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

test('an unexpected error: a plain 500 page with a reference, the same id in the header and in the log line', async () => {
  lines.length = 0;
  const response = await fetch(`${base}/anything`);
  expect(response.status).toBe(500);
  const id = response.headers.get('x-request-id')!;
  expect(id).toMatch(/^[0-9a-f-]{36}$/);
  const page = await response.text();
  expect(page).toContain('Something went wrong on our side');
  expect(page).toContain(id);
  expect(page).not.toContain('secretColumn');
  expect(page).not.toContain('TypeError');

  const failure = lines.find((line) => line['msg'] === 'request failed')!;
  expect(failure).toMatchObject({ level: 'error', requestId: id, path: '/anything' });
  expect(JSON.stringify(failure['err'])).toContain('secretColumn');
  expect(lines.find((line) => line['msg'] === 'request')).toMatchObject({ requestId: id, status: 500 });
});

test("a proxy's X-Request-Id is kept when it is a plain token, replaced when it is not", async () => {
  const kept = await fetch(`${base}/`, { headers: { 'x-request-id': 'lb-7f3a9c21-0001' } });
  expect(kept.headers.get('x-request-id')).toBe('lb-7f3a9c21-0001');
  const replaced = await fetch(`${base}/`, { headers: { 'x-request-id': 'bad id <script>' } });
  expect(replaced.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
});
