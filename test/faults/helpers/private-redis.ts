// A redis-server of the test's own on a free port, with its data in a temporary directory: killed and
// started again by the test. Append-only file on, fsync on every write, as production should run it
// (README, 'Running in production'), so that what was acknowledged survives a kill -9.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '../../helpers/free-port.js';
import { killed } from '../../helpers/processes.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PrivateRedis {
  readonly port: number;
  readonly url: string;
  /** SIGKILL, as a crash would; resolves once the process is gone. */
  kill(): Promise<void>;
  /** Starts it again on the same port and data; resolves once it answers PING. */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * `args`: more of redis-server's settings, e.g. ['--replicaof', '127.0.0.1', '6390'] for a replica.
 * `password`: required of clients (requirepass) and given to the primary when this is a replica (masterauth).
 */
export async function startPrivateRedis(args: readonly string[] = [], options: { password?: string } = {}): Promise<PrivateRedis> {
  const auth = options.password ? ['--requirepass', options.password, '--masterauth', options.password] : [];
  const cliEnv = { ...process.env, ...(options.password ? { REDISCLI_AUTH: options.password } : {}) };
  const dir = mkdtempSync(join(tmpdir(), 'private-redis-'));
  const port = await freePort();
  let child: ChildProcess | undefined;

  const start = async () => {
    child = spawn('redis-server', [
      '--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '',
      '--appendonly', 'yes', '--appendfsync', 'always', ...auth, ...args,
    ], { stdio: 'ignore' });
    const until = Date.now() + 10_000;
    while (Date.now() < until) {
      const answer = await run('redis-cli', ['-p', String(port), 'ping'], { timeout: 2000, env: cliEnv }).then((result) => result.stdout.trim(), () => '');
      if (answer === 'PONG') {
        return;
      }
      await sleep(50);
    }
    throw new Error(`private redis-server on ${port} did not start`);
  };
  const kill = async () => {
    if (child) {
      await killed(child);
    }
  };

  await start();
  return {
    port,
    url: `redis://127.0.0.1:${port}`,
    kill,
    start,
    async stop() {
      await kill();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
