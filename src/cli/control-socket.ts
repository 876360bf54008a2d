// On the embedded default the running server owns the database, so the CLI hands its command to the
// server through a Unix socket in the data directory (readable by this user only) instead of opening it.
import { chmodSync, existsSync, unlinkSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { join } from 'node:path';

import { z } from 'zod';

export interface CliResult {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

const MAX_REQUEST_BYTES = 64 * 1024;
const requestSchema = z.object({ argv: z.array(z.string().max(4096)).max(100) });
const resultSchema = z.object({ exitCode: z.number().int(), stdout: z.string(), stderr: z.string() });

export function controlSocketPath(dataDir: string): string {
  return join(dataDir, 'control.sock');
}

export async function startControlServer(path: string, handle: (argv: string[]) => Promise<CliResult>): Promise<Server> {
  if (existsSync(path)) {
    // Left by a server that died; we hold the data directory's lock, so it cannot be a live one.
    unlinkSync(path);
  }
  const server = createServer((socket) => {
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      received += chunk;
      if (received.length > MAX_REQUEST_BYTES) {
        socket.destroy();
        return;
      }
      const end = received.indexOf('\n');
      if (end === -1) {
        return;
      }
      const request = requestSchema.safeParse(safeJson(received.slice(0, end)));
      const reply = request.success
        ? handle(request.data.argv)
        : Promise.resolve({ exitCode: 2, stdout: '', stderr: 'malformed request' });
      reply
        .catch((error: unknown) => ({ exitCode: 1, stdout: '', stderr: `error: ${(error as Error).message}` }))
        .then((result) => socket.end(`${JSON.stringify(result)}\n`), () => socket.destroy());
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => resolve());
  });
  chmodSync(path, 0o600);
  return server;
}

/** Runs `argv` in the server listening on `path`; undefined when no server listens there. */
export async function sendToControlServer(path: string, argv: readonly string[]): Promise<CliResult | undefined> {
  if (!existsSync(path)) {
    return undefined;
  }
  return new Promise((resolve, reject) => {
    const socket = createConnection(path);
    let received = '';
    socket.setEncoding('utf8');
    socket.on('connect', () => socket.write(`${JSON.stringify({ argv })}\n`));
    socket.on('data', (chunk: string) => {
      received += chunk;
    });
    socket.on('end', () => {
      const result = resultSchema.safeParse(safeJson(received.trim()));
      if (result.success) {
        resolve(result.data);
      } else {
        reject(new Error('the server gave an unreadable answer'));
      }
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED' || error.code === 'ENOENT') {
        resolve(undefined);
      } else {
        reject(error);
      }
    });
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
