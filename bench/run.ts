// `npm run bench`: this server (PostgreSQL + Redis) against a bare oidc-provider with its in-memory adapter,
// each in its own process on the first core, loaded by a generator in a third process on the second core,
// in alternating rounds of the same run; medians compared as ratios. Also full password sign-ins against
// the argon2id limit measured in the same run, CPU per request, memory, and storage round trips per
// request. Writes bench-results/latest.{json,md}; exits 1 when a request failed or a target was missed.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';

import { projectRoot } from '../src/core/project-root.js';
import { createExternalStorage } from '../test/helpers/test-storage.js';
import { countRoundTrips } from './counts.js';
import { codeFlowTokens, cookieHeader, signedInBrowser } from './fixtures.js';
import { REPORT_PREFIX, type LoadReport, type LoadSpec, type Scenario } from './load-spec.js';
import { cpuSeconds, cpuSecondsByThread, rssMiB, watchPeakRss, type ThreadCpu } from './process-stats.js';
import { writeResult, markdown, type BenchResult, type ScenarioResult, type ServerLoad } from './report.js';
import { REFRESH_CONNECTIONS, SCENARIOS, type ServerFixtures } from './scenarios.js';
import { CALLBACK, hasTaskset, pinned, SECRET, startBare, startOurs, USER, type BenchServer } from './servers.js';

const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 8);
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const WARM_UP_SECONDS = 2;
const SIGN_IN_WORKERS = 4;
const SIGN_IN_TARGET = 0.8;
const only = process.env['BENCH_ONLY'];

const distBench = join(projectRoot, 'dist-bench', 'bench');
const work = mkdtempSync(join(tmpdir(), 'idp-bench-'));
let specCount = 0;

/** Runs the load generator in its own process, on the second core. */
function generateLoad(spec: LoadSpec): Promise<LoadReport> {
  const file = join(work, `spec-${(specCount += 1)}.json`);
  writeFileSync(file, JSON.stringify(spec));
  const { command, args } = pinned(1, [join(distBench, 'load-worker.js'), file]);
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'inherit'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    child.on('close', (code) => {
      const line = output.split('\n').find((candidate) => candidate.startsWith(REPORT_PREFIX));
      if (code !== 0 || !line) {
        reject(new Error(`load generator exited with ${code}: ${output}`));
        return;
      }
      resolve(JSON.parse(line.slice(REPORT_PREFIX.length)) as LoadReport);
    });
  });
}

/** Warm-up, then the measured run; rotated refresh tokens are carried from one run to the next. */
async function measure(server: BenchServer, scenario: Scenario, connections: number, seconds = SECONDS) {
  const carried = (report: LoadReport) => {
    if (scenario.kind === 'refresh' && report.refreshTokens) {
      refreshTokensOf[server.name] = [...report.refreshTokens];
    }
  };
  const current = (): Scenario => (scenario.kind === 'refresh' ? { ...scenario, refreshTokens: refreshTokensOf[server.name] } : scenario);
  carried(await generateLoad({ url: server.url, connections, seconds: WARM_UP_SECONDS, scenario: current() }));
  const pid = server.process.child.pid!;
  const cpuBefore = cpuSeconds(pid);
  const threadsBefore = cpuSecondsByThread(pid);
  const report = await generateLoad({ url: server.url, connections, seconds, scenario: current() });
  carried(report);
  const threadsAfter = cpuSecondsByThread(pid);
  const perRequest = (seconds: number) => (report.ok > 0 ? (seconds * 1000) / report.ok : 0);
  const cpuMsPerRequest = perRequest(cpuSeconds(pid) - cpuBefore);
  const threadCpuMsPerRequest = {
    main: perRequest(threadsAfter.main - threadsBefore.main),
    pool: perRequest(threadsAfter.pool - threadsBefore.pool),
    other: perRequest(threadsAfter.other - threadsBefore.other),
  };
  return { ...report, cpuMsPerRequest, threadCpuMsPerRequest };
}

/** Each server's refresh tokens not yet used: a run loses at most one per connection (answers cut off at the end). */
const refreshTokensOf: Record<BenchServer['name'], string[]> = { ours: [], bare: [] };

type Measured = ServerLoad;

const median = <T extends { perSecond: number }>(results: T[]) => [...results].sort((a, b) => a.perSecond - b.perSecond)[Math.floor(results.length / 2)]!;

/**
 * Made anew before each scenario: the bare library's in-memory adapter keeps the last 1,000 artifacts only,
 * so the previous scenario's load has pushed out its sessions and tokens.
 */
async function fixturesOf(server: BenchServer, refresh: boolean): Promise<ServerFixtures & { spareRefreshToken: string }> {
  const browser = await signedInBrowser(server);
  const tokens = await codeFlowTokens(server, browser, false);
  const refreshTokens: string[] = [];
  for (let i = 0; i <= (refresh ? REFRESH_CONNECTIONS * (1 + 2 * ROUNDS) : 0); i += 1) {
    refreshTokens.push((await codeFlowTokens(server, browser, true)).refresh_token!);
  }
  refreshTokensOf[server.name] = refreshTokens.slice(1);
  return { cookie: await cookieHeader(browser, server), accessToken: tokens.access_token, refreshTokens: refreshTokens.slice(1), spareRefreshToken: refreshTokens[0]! };
}

const threadSplit = (cpu: ThreadCpu) => `main thread ${cpu.main.toFixed(2)} ms, libuv pool ${cpu.pool.toFixed(2)} ms, other threads ${cpu.other.toFixed(2)} ms`;

function line(text: string): void {
  process.stdout.write(`${text}\n`);
}

const commit = (() => {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: projectRoot }).toString().trim();
  } catch {
    return 'unknown';
  }
})();

const storage = await createExternalStorage();
const servers: BenchServer[] = [];
try {
  const ours = await startOurs(storage);
  servers.push(ours);
  const bare = await startBare();
  servers.push(bare);
  const idleMiB = rssMiB(ours.process.child.pid!);
  const bareIdleMiB = rssMiB(bare.process.child.pid!);
  const peak = watchPeakRss(ours.process.child.pid!);
  const barePeak = watchPeakRss(bare.process.child.pid!);
  line(`${hasTaskset ? 'servers pinned to core 0, load generator to core 1' : 'taskset not found: processes unpinned'}; `
    + `${ROUNDS} rounds of ${SECONDS} s (after ${WARM_UP_SECONDS} s of warm-up), alternating\n`);

  const results: ScenarioResult[] = [];
  for (const compared of SCENARIOS.filter((scenario) => !only || scenario.name.startsWith(only))) {
    const refresh = compared.name.startsWith('refresh');
    const fixtures = { ours: await fixturesOf(ours, refresh), bare: await fixturesOf(bare, refresh) };
    const oursScenario = compared.build(ours, fixtures.ours);
    // Counted first, with tokens of their own, before the load rotates or uses them.
    const roundTrips = await countRoundTrips(ours.url, ours.managementUrl!,
      oursScenario.kind === 'refresh' ? { ...oursScenario, refreshTokens: [fixtures.ours.spareRefreshToken] } : oursScenario);
    const oursRounds: Measured[] = [];
    const bareRounds: Measured[] = [];
    for (let round = 0; round < ROUNDS; round += 1) {
      // Who goes first alternates, so that neither always meets a warmer or cooler machine.
      const order = round % 2 === 0 ? [bare, ours] : [ours, bare];
      for (const server of order) {
        const result = await measure(server, compared.build(server, fixtures[server.name]), compared.connections);
        (server === ours ? oursRounds : bareRounds).push(result);
      }
    }
    const oursMedian = median(oursRounds);
    const bareMedian = median(bareRounds);
    const ratio = oursMedian.perSecond / bareMedian.perSecond;
    results.push({ name: compared.name, connections: compared.connections, target: compared.target, ours: oursMedian, bare: bareMedian, ratio, roundTrips });
    line(`${compared.name.padEnd(50)} ours ${oursMedian.perSecond.toFixed(0).padStart(6)}/s  bare ${bareMedian.perSecond.toFixed(0).padStart(6)}/s  `
      + `${ratio.toFixed(2)}x (target ${compared.target})  p99 ${oursMedian.p99ms.toFixed(1)} ms  `
      + `${roundTrips.redisCommands} Redis cmds, ${roundTrips.sqlStatements} SQL ${JSON.stringify(roundTrips.byCommand)}`
      + `${oursMedian.failed + bareMedian.failed > 0 ? `  FAILED ${oursMedian.failed}/${bareMedian.failed}` : ''}`);
  }

  const argon2 = JSON.parse(execFileSync(pinned(0, []).command, [...pinned(0, []).args, join(distBench, 'argon2-limit.js'), '3']).toString()) as BenchResult['argon2'];
  if (!only || 'password sign-ins'.startsWith(only)) {
    const signIns = await measure(ours, {
      kind: 'signin', clientId: ours.webClient, secret: SECRET, redirectUri: CALLBACK, email: USER.email, password: USER.password,
    }, SIGN_IN_WORKERS);
    const ratio = signIns.perSecond / argon2.perSecond;
    const roundTrips = await countRoundTrips(ours.url, ours.managementUrl!, {
      kind: 'signin', clientId: ours.webClient, secret: SECRET, redirectUri: CALLBACK, email: USER.email, password: USER.password,
    }, 10);
    results.push({ name: 'password sign-ins (authorize, email, password, code exchange)', connections: SIGN_IN_WORKERS, target: SIGN_IN_TARGET,
      ours: signIns, bare: undefined, ratio, roundTrips });
    line(`password sign-ins, ${SIGN_IN_WORKERS} workers: ${signIns.perSecond.toFixed(1)}/s, argon2id limit ${argon2.perSecond.toFixed(1)}/s `
      + `(verify ${argon2.verifyMs.toFixed(1)} ms): ${ratio.toFixed(2)}x (target ${SIGN_IN_TARGET})  p99 ${signIns.p99ms.toFixed(0)} ms  `
      + `CPU per sign-in ${threadSplit(signIns.threadCpuMsPerRequest)}  `
      + `${roundTrips.redisCommands} Redis cmds, ${roundTrips.sqlStatements} SQL ${JSON.stringify(roundTrips.byCommand)}`);
  }

  const result: BenchResult = {
    date: new Date().toISOString().slice(0, 10), commit, machine: `${cpus().length} x ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`,
    pinned: hasTaskset, rounds: ROUNDS, seconds: SECONDS, scenarios: results, argon2,
    memory: { idleMiB, peakMiB: peak.stop(), bareIdleMiB, barePeakMiB: barePeak.stop() },
    passed: results.every((scenario) => scenario.ratio >= scenario.target && scenario.ours.failed === 0 && (scenario.bare?.failed ?? 0) === 0),
  };
  writeResult(result, join(projectRoot, 'bench-results'));
  line(`\n${markdown(result)}`);
  line(result.passed ? 'every target met' : 'a target was missed, or a request failed');
  process.exitCode = result.passed ? 0 : 1;
} finally {
  await Promise.all(servers.map((server) => server.process.stop()));
  await storage.drop();
}
