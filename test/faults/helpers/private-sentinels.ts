// Redis Sentinels of the test's own (redis-server --sentinel, each on a free port with its configuration in a
// temporary directory) watching a private primary: quorum 2 of 3, the primary judged down after a second of
// silence, as a production set-up would run them with shorter times.
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { freePort } from '../../helpers/free-port.js';
import { killed } from '../../helpers/processes.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface PrivateSentinels {
  /** host:port of each, as REDIS_SENTINELS names them. */
  readonly addresses: string[];
  readonly name: string;
  /** The port of the primary the sentinels name now. */
  primaryPort(): Promise<number | undefined>;
  stop(): Promise<void>;
}

/**
 * Resolves once every sentinel knows the primary, its `replicas` replicas and the other sentinels.
 * `auth`: the sentinels' own password (asked of their clients), and the data nodes' (which they give them).
 */
export async function startPrivateSentinels(primaryPort: number, replicas: number, name = 'faults',
  auth: { sentinelPassword?: string; dataPassword?: string } = {}): Promise<PrivateSentinels> {
  const cliEnv = { ...process.env, ...(auth.sentinelPassword ? { REDISCLI_AUTH: auth.sentinelPassword } : {}) };
  const ask = async (port: number, ...command: string[]) =>
    run('redis-cli', ['-p', String(port), ...command], { timeout: 2000, env: cliEnv }).then((result) => result.stdout.trim(), () => '');
  const dir = mkdtempSync(join(tmpdir(), 'private-sentinels-'));
  const ports = [await freePort(), await freePort(), await freePort()];
  const children: ChildProcess[] = ports.map((port) => {
    const file = join(dir, `sentinel-${port}.conf`);
    writeFileSync(file, [
      `port ${port}`, 'bind 127.0.0.1', `dir ${dir}`,
      `sentinel monitor ${name} 127.0.0.1 ${primaryPort} 2`,
      `sentinel down-after-milliseconds ${name} 1000`,
      `sentinel failover-timeout ${name} 3000`,
      `sentinel parallel-syncs ${name} 1`,
      ...(auth.dataPassword ? [`sentinel auth-pass ${name} ${auth.dataPassword}`] : []),
      // Sentinels talk to each other too: with a password, they give each other theirs.
      ...(auth.sentinelPassword ? [`requirepass ${auth.sentinelPassword}`, `sentinel sentinel-pass ${auth.sentinelPassword}`] : []),
      '',
    ].join('\n'));
    return spawn('redis-server', [file, '--sentinel'], { stdio: 'ignore' });
  });
  const stop = async () => {
    await Promise.all(children.map(killed));
    rmSync(dir, { recursive: true, force: true });
  };

  const until = Date.now() + 30_000;
  const known = async (port: number) => {
    const fields = (await ask(port, 'sentinel', 'master', name)).split('\n');
    const field = (key: string) => Number(fields[fields.indexOf(key) + 1]);
    return fields.includes('num-slaves') && field('num-slaves') >= replicas && field('num-other-sentinels') === ports.length - 1;
  };
  while (!(await Promise.all(ports.map(known))).every(Boolean)) {
    if (Date.now() > until) {
      await stop();
      throw new Error('the private sentinels did not come to know each other and the replicas in 30 s');
    }
    await sleep(200);
  }
  return {
    addresses: ports.map((port) => `127.0.0.1:${port}`),
    name,
    async primaryPort() {
      const [, port] = (await ask(ports[0]!, 'sentinel', 'get-master-addr-by-name', name)).split('\n');
      return port ? Number(port) : undefined;
    },
    stop,
  };
}
