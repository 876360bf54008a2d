// A load balancer for tests: each request goes to the next backend in turn, so consecutive requests of
// one sign-in land on different instances.
//
// With `failover`, it behaves as nginx's upstream does by default (proxy_next_upstream error): a backend that
// refuses the connection or breaks it is passed over for a while, and the request goes to the next one,
// unless it was a POST already sent (not idempotent: the client gets a 502, as from nginx).
import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http';

export interface Served {
  readonly path: string;
  readonly method: string;
  readonly port: number;
  /** The backend's status, or 502 when the balancer answered for a backend that failed. */
  status?: number;
}

export interface RoundRobinProxy {
  readonly server: Server;
  /** For each attempt at a backend, in order: the request and the backend that had it. */
  readonly served: Served[];
  /** The backend the next request will go to. */
  nextPort(): number;
  close(): Promise<void>;
}

/** How long a backend that failed is passed over (nginx's fail_timeout). */
const PASSED_OVER_MS = 10_000;

export async function startRoundRobinProxy(port: number, backends: readonly number[],
  options: { failover?: boolean } = {}): Promise<RoundRobinProxy> {
  let next = 0;
  const served: Served[] = [];
  const failedAt = new Map<number, number>();
  const pick = () => {
    for (let tries = 0; tries < backends.length; tries += 1) {
      const backend = backends[next++ % backends.length]!;
      if (!options.failover || Date.now() - (failedAt.get(backend) ?? -Infinity) > PASSED_OVER_MS) {
        return backend;
      }
    }
    return backends[next++ % backends.length]!;
  };

  const forward = (method: string, path: string, headers: IncomingHttpHeaders, body: Buffer,
    attempt: number, answer: (status: number, headers: IncomingHttpHeaders, stream?: NodeJS.ReadableStream) => void) => {
    const backend = pick();
    const record: Served = { path, method, port: backend };
    served.push(record);
    let sent = false;
    let answered = false;
    const outgoing = request({ host: '127.0.0.1', port: backend, method, path, headers }, (response) => {
      answered = true;
      record.status = response.statusCode ?? 502;
      answer(record.status, response.headers, response);
    });
    outgoing.on('error', (error: NodeJS.ErrnoException) => {
      failedAt.set(backend, Date.now());
      if (answered) {
        // The backend died in the middle of its answer: the client's connection breaks too (answer's pipe).
        return;
      }
      record.status = 502;
      const refused = error.code === 'ECONNREFUSED';
      const retry = options.failover && attempt < backends.length && (refused || !sent || method === 'GET' || method === 'HEAD');
      if (retry) {
        forward(method, path, headers, body, attempt + 1, answer);
      } else {
        answer(502, {});
      }
    });
    outgoing.end(body, () => { sent = true; });
  };

  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      forward(incoming.method ?? 'GET', incoming.url ?? '', incoming.headers, Buffer.concat(chunks), 1, (status, headers, stream) => {
        outgoing.writeHead(status, headers);
        if (stream) {
          stream.on('error', () => outgoing.destroy()).on('aborted', () => outgoing.destroy());
          stream.pipe(outgoing);
        } else {
          outgoing.end();
        }
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    server,
    served,
    nextPort: () => backends[next % backends.length]!,
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
