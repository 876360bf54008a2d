// The two servers the benchmark compares, each a process of its own, pinned to the first core when
// taskset exists (the load generator gets the second): this server on PostgreSQL + Redis, and a bare
// oidc-provider with its in-memory adapter.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

import { projectRoot } from '../src/core/project-root.js';
import { freePort } from '../test/helpers/free-port.js';
import { runCli, startServerProcess, type ServerProcess } from '../test/helpers/processes.js';
import type { ExternalStorage } from '../test/helpers/test-storage.js';
import { testSecrets } from '../test/helpers/test-secrets.js';

export const SECRET = 'b'.repeat(40);
export const CALLBACK = 'http://127.0.0.2:9/callback';
export const USER = { email: 'bench@example.com', password: 'benchmark password' };

export interface BenchServer {
  readonly name: 'ours' | 'bare';
  readonly url: string;
  readonly process: ServerProcess;
  /** The client for client_credentials, and the web client for the code flow. */
  readonly serviceClient: string;
  readonly webClient: string;
  /** Ours only: where /metrics is. */
  readonly managementUrl?: string;
}

export const hasTaskset = spawnSync('taskset', ['-c', '0', 'true']).status === 0;

/** The command that runs `node script` pinned to `cpu` (or unpinned without taskset). */
export function pinned(cpu: number, args: string[]): { command: string; args: string[] } {
  return hasTaskset ? { command: 'taskset', args: ['-c', String(cpu), process.execPath, ...args] } : { command: process.execPath, args };
}

/** BENCH_PROFILE=DIR: our server writes a V8 CPU profile there when it stops (open it in Chrome's DevTools). */
function profiling(): string[] {
  const directory = globalThis.process.env['BENCH_PROFILE'];
  return directory ? ['--cpu-prof', `--cpu-prof-dir=${directory}`] : [];
}

export async function startOurs(storage: ExternalStorage): Promise<BenchServer> {
  const port = await freePort();
  const managementPort = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const env = {
    ...storage.env, ...testSecrets(), ISSUER: url, HOST: '127.0.0.1', PORT: String(port), NODE_ENV: 'production', LOG_LEVEL: 'info',
    MANAGEMENT_PORT: String(managementPort),
    // Production requires SMTP; nothing here sends mail: every sign-in comes from a new browser, so email
    // verification of new browsers is off.
    SMTP_URL: 'smtp://127.0.0.1:9', LOGIN_VERIFICATION: 'false',
    GOTOASSIST_CLIENT_SECRET: SECRET, GOTOASSIST_REDIRECT_URIS: CALLBACK,
    // No key reload during a measurement (it would add SQL statements to the counts).
    SIGNING_KEYS_RELOAD_INTERVAL: '3600',
  };
  const process = await startServerProcess(env, 60_000, join(projectRoot, 'dist', 'bin', 'server.js'), pinned(0, profiling()));
  await runCli(['client:create', '--id', 'bench', '--secret', SECRET, '--grant', 'client_credentials'], env);
  await runCli(['user:create', '--email', USER.email, '--password', USER.password, '--name', 'Bench User'], env);
  return { name: 'ours', url, process, serviceClient: 'bench', webClient: 'gotoassist', managementUrl: `http://127.0.0.1:${managementPort}` };
}

export async function startBare(): Promise<BenchServer> {
  const port = await freePort();
  const process = await startServerProcess({ PORT: String(port), CLIENT_SECRET: SECRET, CALLBACK }, 30_000,
    join(projectRoot, 'dist-bench', 'bench', 'bare-provider.js'), pinned(0, []));
  return { name: 'bare', url: `http://127.0.0.1:${port}`, process, serviceClient: 'bench', webClient: 'bench-web' };
}
