// A PostgreSQL server of the test's own: initdb into a temporary directory and pg_ctl on a free port, run
// as the postgres user (PostgreSQL refuses to run as root). Restarted and stopped by the test; never the
// machine's shared server.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '../../helpers/free-port.js';

const run = promisify(execFile);

export interface PrivatePostgres {
  readonly port: number;
  /** A database ready for the server: postgresql://postgres@127.0.0.1:PORT/idp */
  readonly url: string;
  /** pg_ctl restart -m fast: every connection is closed, the server is back once it accepts connections. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

const binDir = () => {
  const versions = readdirSync('/usr/lib/postgresql').sort((a, b) => Number(b) - Number(a));
  return join('/usr/lib/postgresql', versions[0]!, 'bin');
};

export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'private-postgres-'));
  chmodSync(dir, 0o777);
  const data = join(dir, 'data');
  const port = await freePort();
  // As root, run the server's tools as postgres; as any other user, as that user.
  const asPostgres = (command: string, args: string[]) => process.getuid?.() === 0
    ? run('runuser', ['-u', 'postgres', '--', join(bin, command), ...args], { timeout: 60_000 })
    : run(join(bin, command), args, { timeout: 60_000 });
  const pgCtl = (...args: string[]) => asPostgres('pg_ctl', ['-D', data, '-w', '-t', '30', ...args]);

  await asPostgres('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  const options = `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories=${dir} -c fsync=off`;
  await pgCtl('-o', options, '-l', join(dir, 'log'), 'start');
  await run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', 'idp'], { timeout: 30_000 });
  return {
    port,
    url: `postgresql://postgres@127.0.0.1:${port}/idp`,
    async restart() {
      await pgCtl('-o', options, '-l', join(dir, 'log'), '-m', 'fast', 'restart');
    },
    async stop() {
      await pgCtl('-m', 'immediate', 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
