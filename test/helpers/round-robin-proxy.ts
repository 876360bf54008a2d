// A load balancer for tests: each request goes to the next backend in turn, so consecutive requests of
// one sign-in land on different instances.
import { createServer, request, type Server } from 'node:http';

export interface RoundRobinProxy {
  readonly server: Server;
  /** For each request, the backend port that answered it. */
  readonly served: { path: string; port: number }[];
  /** The backend the next request will go to. */
  nextPort(): number;
  close(): Promise<void>;
}

export async function startRoundRobinProxy(port: number, backends: readonly number[]): Promise<RoundRobinProxy> {
  let next = 0;
  const served: { path: string; port: number }[] = [];
  const server = createServer((incoming, outgoing) => {
    const backend = backends[next++ % backends.length]!;
    served.push({ path: incoming.url ?? '', port: backend });
    const forwarded = request({
      host: '127.0.0.1', port: backend, method: incoming.method, path: incoming.url, headers: incoming.headers,
    }, (response) => {
      outgoing.writeHead(response.statusCode ?? 502, response.headers);
      response.pipe(outgoing);
    });
    forwarded.on('error', () => {
      outgoing.writeHead(502);
      outgoing.end();
    });
    incoming.pipe(forwarded);
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
