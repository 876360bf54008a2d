// Starting the server as an operator does: bad settings stop it with their names; the embedded default
// needs no settings at all and keeps its data across restarts.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { projectRoot } from '../../../src/core/project-root.js';
import { freePort } from '../../helpers/free-port.js';
import { runCli, runNode, startServerProcess } from '../../helpers/processes.js';

const serverScript = join(projectRoot, 'dist', 'bin', 'server.js');
let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'idp-start-'));
});
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

test('a bad setting stops the server with exit code 2 and the setting named', async () => {
  const result = await runNode(serverScript, [], { PORT: 'eighty', DATA_DIR: dataDir, LOG_LEVEL: 'chatty' });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('PORT');
  expect(result.stderr).toContain('LOG_LEVEL');
});

test('production refuses to start without secrets from the environment', async () => {
  const result = await runNode(serverScript, [], { NODE_ENV: 'production', DATA_DIR: dataDir });
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('COOKIE_KEYS: is required in production');
  expect(result.stderr).toContain('DATA_ENCRYPTION_KEYS: is required in production');
});

test('the embedded default starts with no settings, keeps its data across restarts, and stops cleanly', async () => {
  const port = await freePort();
  const env = { DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1' };
  const first = await startServerProcess(env);
  const issuer = `http://localhost:${port}`;
  expect(first.output()).toContain(`${issuer} is ready`);
  expect(first.output()).toContain(`Open ${issuer}/ to get started.`);
  const ready = await (await fetch(`http://127.0.0.1:${port}/readyz`)).json();
  expect(ready).toEqual({ status: 'ok', checks: { database: 'ok', store: 'ok' } });
  const discovery = (await (await fetch(`http://127.0.0.1:${port}/.well-known/openid-configuration`)).json()) as { issuer: string };
  expect(discovery.issuer).toBe(issuer);
  const kids = await (await fetch(`http://127.0.0.1:${port}/jwks`)).json();
  expect((await runCli(['user:create', '--email', 'kept@example.com', '--password', 'still here later'], env)).code).toBe(0);
  expect(await first.stop()).toBe(0);
  expect(existsSync(join(dataDir, 'lock'))).toBe(false);
  expect(existsSync(join(dataDir, 'dev-secrets.json'))).toBe(true);

  const second = await startServerProcess(env);
  try {
    expect(await (await fetch(`http://127.0.0.1:${port}/jwks`)).json()).toEqual(kids);
    const duplicate = await runCli(['user:create', '--email', 'kept@example.com', '--password', 'still here later'], env);
    expect(duplicate.stderr).toContain('already exists');
  } finally {
    expect(await second.stop()).toBe(0);
  }
});
