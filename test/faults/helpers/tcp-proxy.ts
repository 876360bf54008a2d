// A TCP proxy between the server and a store, under the test's control: pass bytes, or black-hole them (the
// network drops packets: connections stay open, nothing arrives, as a cut cable or a firewall does).
// Listens on 127.0.0.1 and a free port.
import { createServer, connect, type Server, type Socket } from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Drop every byte both ways from now on; new connections are accepted and starve too. */
  cut(): void;
  /** Pass bytes again. Connections made while cut stay starved: their sockets were lost, as in a real cut. */
  heal(): void;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let passing = true;
  const pairs = new Set<{ client: Socket; upstream: Socket; starved: boolean }>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    const pair = { client, upstream, starved: !passing };
    pairs.add(pair);
    const forward = (from: Socket, to: Socket) => from.on('data', (chunk) => {
      if (passing && !pair.starved) {
        to.write(chunk);
      }
    });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address !== 'object') {
    throw new Error('the proxy has no port');
  }
  return {
    port: address.port,
    cut() {
      passing = false;
      for (const pair of pairs) {
        pair.starved = true;
      }
    },
    heal() {
      passing = true;
    },
    close: () => new Promise((resolve) => {
      for (const pair of pairs) {
        pair.client.destroy();
        pair.upstream.destroy();
      }
      server.close(() => resolve());
    }),
  };
}
