// The benchmark's result: a JSON file for machines and a markdown table for the README.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { RoundTrips } from './counts.js';
import type { LoadReport } from './load-spec.js';
import type { ThreadCpu } from './process-stats.js';

/** What one server did in a measured run: the load report, and its CPU per operation (all, and by thread). */
export type ServerLoad = LoadReport & { readonly cpuMsPerRequest: number; readonly threadCpuMsPerRequest: ThreadCpu };

export interface ScenarioResult {
  readonly name: string;
  readonly connections: number;
  readonly target: number;
  readonly ours: ServerLoad;
  readonly bare: ServerLoad | undefined;
  /** ours / bare, or ours / the argon2id limit for sign-ins. */
  readonly ratio: number;
  readonly roundTrips: RoundTrips | undefined;
}

export interface BenchResult {
  readonly date: string;
  readonly commit: string;
  readonly machine: string;
  readonly pinned: boolean;
  readonly rounds: number;
  readonly seconds: number;
  readonly scenarios: readonly ScenarioResult[];
  readonly argon2: { readonly perSecond: number; readonly verifyMs: number };
  readonly memory: { readonly idleMiB: number; readonly peakMiB: number; readonly bareIdleMiB: number; readonly barePeakMiB: number };
  readonly passed: boolean;
}

const n = (value: number, digits = 0) => value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

export function markdown(result: BenchResult): string {
  const rows = result.scenarios.map((s) => {
    const met = s.ratio >= s.target ? 'yes' : '**no**';
    const bare = s.bare ? `${n(s.bare.perSecond)}/s` : 'argon2id limit';
    const baseline = s.bare ? bare : `${n(result.argon2.perSecond)}/s (limit)`;
    const trips = s.roundTrips ? `${n(s.roundTrips.redisCommands, 1)} / ${n(s.roundTrips.sqlStatements, 1)}` : '';
    const cpu = `${n(s.ours.cpuMsPerRequest, 2)}${s.bare ? ` / ${n(s.bare.cpuMsPerRequest, 2)}` : ''}`;
    return `| ${s.name} | ${s.connections} | ${n(s.ours.perSecond)}/s | ${baseline} | ${n(s.ratio, 2)}x | >= ${s.target}x | ${met} `
      + `| ${n(s.ours.p50ms, 1)} / ${n(s.ours.p99ms, 1)} | ${cpu} | ${trips} |`;
  });
  return [
    `Benchmark of ${result.date}, commit ${result.commit}, ${result.machine}${result.pinned ? ', servers on core 0 and load on core 1 (taskset)' : ', unpinned'};`
      + ` medians of ${result.rounds} alternating rounds of ${result.seconds} s.`,
    '',
    '| scenario | conns | this server | bare oidc-provider | ratio | target | met | p50 / p99 ms | CPU ms/req (ours / bare) | Redis cmds / SQL per req |',
    '|---|---|---|---|---|---|---|---|---|---|',
    ...rows,
    '',
    `Memory: this server ${n(result.memory.idleMiB)} MiB idle, ${n(result.memory.peakMiB)} MiB at peak (target < 200);`
      + ` bare oidc-provider ${n(result.memory.bareIdleMiB)} / ${n(result.memory.barePeakMiB)} MiB.`
      + ` argon2id verify: ${n(result.argon2.verifyMs, 1)} ms (${n(result.argon2.perSecond)}/s on one core).`,
    ...signInThreads(result),
    '',
  ].join('\n');
}

/** Where a sign-in's CPU goes: the main thread, libuv's pool (argon2id) and V8's helper threads. */
function signInThreads(result: BenchResult): string[] {
  const signIns = result.scenarios.find((s) => !s.bare);
  if (!signIns) {
    return [];
  }
  const cpu = signIns.ours.threadCpuMsPerRequest;
  return ['', `CPU per password sign-in: ${n(cpu.main, 1)} ms on the main thread, ${n(cpu.pool, 1)} ms in libuv's pool (argon2id),`
    + ` ${n(cpu.other, 1)} ms on other threads (V8's garbage collector and compilers).`];
}

export function writeResult(result: BenchResult, directory: string): void {
  mkdirSync(directory, { recursive: true });
  writeFileSync(join(directory, 'latest.json'), `${JSON.stringify(result, null, 2)}\n`);
  writeFileSync(join(directory, 'latest.md'), markdown(result));
}
