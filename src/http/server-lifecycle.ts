import type { Server as HttpServer } from 'node:http';
import type { Server as NetServer } from 'node:net';

export function listen(server: HttpServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

/**
 * Stops accepting; idle keep-alive connections close now, busy ones once their request is answered
 * (the handler says Connection: close while draining), and whatever is left after `graceMs`.
 */
export async function closeHttpServer(server: HttpServer, graceMs = 2000): Promise<void> {
  if (!server.listening) {
    return;
  }
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const timer = setTimeout(() => server.closeAllConnections(), graceMs);
  await closed;
  clearTimeout(timer);
}

export function closeNetServer(server: NetServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
