// SIGTERM to the server process, as an orchestrator sends it, while clients call it through a balancer that
// watches /readyz: readiness says 503 at once, requests are answered until the balancer has taken the
// instance out, none is refused or cut off (a reset), and the process exits 0 once the grace period is over.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { projectRoot } from '../../../src/core/project-root.js';
import { freePort } from '../../helpers/free-port.js';
import { startServerProcess } from '../../helpers/processes.js';
import { testSecrets } from '../../helpers/test-secrets.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const GRACE_SECONDS = 2;
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'idp-shutdown-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('on SIGTERM: not ready at once, still serving until the balancer has noticed, nothing cut off, exit 0', async () => {
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = await startServerProcess({ DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS) });
  // The balancer: checks /readyz every 250 ms and stops sending to an instance that is not ready.
  let inRotation = true;
  let notReadyAt = 0;
  const checker = (async () => {
    while (inRotation) {
      await sleep(250);
      const ready = await fetch(`${base}/readyz`).then((response) => response.status, () => 0);
      if (ready !== 200) {
        notReadyAt = Date.now();
        inRotation = false;
      }
    }
  })();
  const answered: { at: number; status: number }[] = [];
  const failures: string[] = [];
  // Four clients on keep-alive connections, sent through the balancer while the instance is in rotation.
  const client = async () => {
    while (inRotation) {
      try {
        const response = await fetch(`${base}/.well-known/openid-configuration`);
        await response.arrayBuffer();
        answered.push({ at: Date.now(), status: response.status });
      } catch (error) {
        failures.push(((error as { cause?: { code?: string } }).cause?.code) ?? String(error));
      }
    }
  };
  const clients = Array.from({ length: 4 }, client);
  await sleep(500);

  const exited = new Promise<number | null>((resolve) => server.child.once('close', (code) => resolve(code)));
  const sigtermAt = Date.now();
  server.child.kill('SIGTERM');
  await Promise.all([checker, ...clients]);
  const code = await exited;
  const exitedAfter = (Date.now() - sigtermAt) / 1000;

  const afterSigterm = answered.filter((answer) => answer.at > sigtermAt).length;
  console.log(`SIGTERM: the balancer saw 503 after ${((notReadyAt - sigtermAt) / 1000).toFixed(2)} s; ${afterSigterm} requests answered after SIGTERM; exit ${code} after ${exitedAfter.toFixed(1)} s; failures: ${failures.join(', ') || 'none'}`);
  expect(notReadyAt - sigtermAt).toBeLessThan(1000);
  expect(afterSigterm).toBeGreaterThan(0);
  expect(answered.every((answer) => answer.status === 200)).toBe(true);
  expect(failures).toEqual([]);
  expect(code).toBe(0);
  expect(exitedAfter).toBeGreaterThanOrEqual(GRACE_SECONDS);
  expect(exitedAfter).toBeLessThan(GRACE_SECONDS + 5);
});

test('`npm start` stopped with SIGTERM (kill of the npm process) stops the server too', async () => {
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'idp-npm-start-'));
  // --ignore-scripts: no prestart build (the tests run on a fresh build); the start script itself still runs.
  const npm = spawn('npm', ['start', '--ignore-scripts', '--silent'], {
    cwd: projectRoot,
    env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NODE_ENV: 'test', LOG_LEVEL: 'warn', MANAGEMENT_PORT: '0',
      SHUTDOWN_GRACE_SECONDS: '0', DATA_DIR: dir, PORT: String(port), HOST: '127.0.0.1', ...testSecrets() },
  });
  let output = '';
  npm.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  npm.stderr.on('data', (chunk: Buffer) => { output += chunk.toString(); });
  try {
    for (let i = 0; i < 600 && !output.includes('is ready'); i += 1) {
      await sleep(50);
    }
    expect(output).toContain('is ready');
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const exited = new Promise<number | null>((resolve) => npm.on('close', resolve));
    npm.kill('SIGTERM');
    await exited;
    // Nothing listens any more: the server process went with npm, it was not left running.
    let answering = true;
    for (let i = 0; i < 100 && answering; i += 1) {
      answering = await fetch(`http://127.0.0.1:${port}/healthz`).then(() => true, () => false);
      await sleep(50);
    }
    expect(answering).toBe(false);
  } finally {
    npm.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});
