// A private Redis Cluster for a test: six redis-server processes on ports of their own (three masters, a
// replica each), joined with redis-cli --cluster create, in a temporary directory removed afterwards.
// Never the machine's shared Redis.
import { spawn, execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

import { killed } from './processes.js';

const run = promisify(execFile);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export interface RedisCluster {
  /** host:port of every node, as REDIS_CLUSTER_NODES takes them. */
  readonly nodes: readonly string[];
  readonly ports: readonly number[];
  /** The ports of the nodes that are masters now. */
  masters(): Promise<number[]>;
  /** Kills a node at once (SIGKILL), as a crash would. */
  kill(port: number): void;
  /** Waits until every slot is served by a live master (after a kill: once a replica has taken over). */
  waitUntilHealthy(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const portFree = (port: number) => new Promise<boolean>((resolve) => {
  const server = createServer();
  server.once('error', () => resolve(false));
  server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
});

/** Six consecutive ports whose cluster-bus ports (+10000) are free too. */
async function freePorts(): Promise<number[]> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    const base = 20_000 + Math.floor(Math.random() * 9000);
    const ports = Array.from({ length: 6 }, (_, index) => base + index);
    const free = await Promise.all(ports.flatMap((port) => [portFree(port), portFree(port + 10_000)]));
    if (free.every(Boolean)) {
      return ports;
    }
  }
  throw new Error('no six free ports for a Redis Cluster');
}

const cli = (port: number, ...args: string[]) => run('redis-cli', ['-h', '127.0.0.1', '-p', String(port), ...args], { timeout: 5000 });

export async function startRedisCluster(): Promise<RedisCluster> {
  const dir = mkdtempSync(join(tmpdir(), 'redis-cluster-'));
  const ports = await freePorts();
  const children = new Map(ports.map((port) => [port, spawn('redis-server', [
    '--port', String(port), '--bind', '127.0.0.1', '--cluster-enabled', 'yes',
    '--cluster-config-file', join(dir, `nodes-${port}.conf`), '--dir', dir,
    // A dead master is replaced in about two seconds.
    '--cluster-node-timeout', '1500', '--save', '', '--appendonly', 'no',
  ], { stdio: 'ignore' })]));
  const alive = new Set(ports);

  const waitFor = async (check: () => Promise<boolean>, timeoutMs: number, what: string) => {
    const until = Date.now() + timeoutMs;
    while (Date.now() < until) {
      if (await check().catch(() => false)) {
        return;
      }
      await sleep(100);
    }
    throw new Error(`Redis Cluster: ${what} within ${timeoutMs} ms`);
  };
  /** The port of the master of each slot range and of its replicas, as CLUSTER SLOTS tells. */
  const slotRanges = async (port: number) => {
    const { stdout } = await cli(port, '--json', 'cluster', 'slots');
    const ranges = JSON.parse(stdout) as [number, number, ...[string, number, string][]][];
    return ranges.map(([, , ...nodes]) => nodes.map(([, nodePort]) => nodePort));
  };
  /** Every live node says the cluster is ok and every slot range's master is alive. */
  const healthy = async () => {
    const infos = await Promise.all([...alive].map(async (port) => (await cli(port, 'cluster', 'info')).stdout));
    if (!infos.every((info) => info.includes('cluster_state:ok'))) {
      return false;
    }
    const views = await Promise.all([...alive].map(slotRanges));
    return views.every((ranges) => ranges.length > 0 && ranges.every(([master]) => alive.has(master!)));
  };
  /** Each master has a replica that has finished its first sync (a replica that never synced cannot take over). */
  const replicated = async () => {
    const ranges = await slotRanges(ports[0]!);
    if (ranges.length !== 3 || ranges.some((nodes) => nodes.length < 2)) {
      return false;
    }
    const replicas = ranges.flatMap(([, ...rest]) => rest);
    const states = await Promise.all(replicas.map(async (port) => (await cli(port, 'info', 'replication')).stdout));
    return states.every((state) => /master_link_status:up/.test(state) && /master_sync_in_progress:0/.test(state));
  };

  await waitFor(async () => (await Promise.all(ports.map(async (port) => (await cli(port, 'ping')).stdout.trim() === 'PONG'))).every(Boolean),
    10_000, 'nodes did not start');
  await run('redis-cli', ['--cluster', 'create', ...ports.map((port) => `127.0.0.1:${port}`), '--cluster-replicas', '1', '--cluster-yes'],
    { timeout: 30_000 });
  // Every node must know every other, serve its slots and have its replica in sync before a client is let in.
  await waitFor(async () => (await healthy()) && (await replicated()) && (await Promise.all(ports.map(async (port) =>
    (await cli(port, 'cluster', 'nodes')).stdout.trim().split('\n').length === 6))).every(Boolean), 60_000, 'the cluster did not form');

  return {
    nodes: ports.map((port) => `127.0.0.1:${port}`),
    ports,
    async masters() {
      const { stdout } = await cli([...alive][0]!, 'cluster', 'nodes');
      return stdout.trim().split('\n')
        .filter((line) => /\bmaster\b/.test(line) && !/\bfail\b/.test(line))
        .map((line) => Number(/127\.0\.0\.1:(\d+)/.exec(line)![1]))
        .filter((port) => alive.has(port));
    },
    kill(port) {
      alive.delete(port);
      children.get(port)!.kill('SIGKILL');
    },
    waitUntilHealthy: (timeoutMs = 30_000) => waitFor(healthy, timeoutMs, 'slots were not all served again by live masters'),
    async stop() {
      await Promise.all([...children.values()].map(killed));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
