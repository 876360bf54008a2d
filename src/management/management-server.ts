// The management listener: /metrics (Prometheus text format), /healthz and /readyz, on its own address
// (loopback by default), never on the public port, so that metrics are not published to the world.
import { createServer, type Server } from 'node:http';

import type { Readiness } from '../http/readiness.js';
import type { Metrics } from '../metrics/metrics.js';

export function createManagementServer(deps: { metrics: Metrics; readiness: Readiness }): Server {
  return createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status: number, type: string, body: string) => {
      res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return send(405, 'text/plain; charset=utf-8', 'method not allowed\n');
    }
    if (path === '/metrics') {
      deps.metrics.registry.metrics().then(
        (text) => send(200, deps.metrics.registry.contentType, text),
        () => send(500, 'text/plain; charset=utf-8', 'metrics could not be collected\n'),
      );
      return;
    }
    if (path === '/healthz') {
      return send(200, 'application/json', '{"status":"ok"}');
    }
    if (path === '/readyz') {
      void deps.readiness.check().then((report) =>
        send(report.ready ? 200 : 503, 'application/json', JSON.stringify({ status: report.status, checks: report.checks })));
      return;
    }
    send(404, 'text/plain; charset=utf-8', 'not found\n');
  });
}
