// `npm run cli`: clear errors for wrong arguments, and commands that work whether or not the server runs,
// on the embedded default (through the running server) and on PostgreSQL.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { projectRoot } from '../../../src/core/project-root.js';
import { TestBrowser } from '../../helpers/browser.js';
import { freePort } from '../../helpers/free-port.js';
import { runCli, startServerProcess } from '../../helpers/processes.js';
import { discover, signIn } from '../../helpers/relying-party.js';
import { testSecrets } from '../../helpers/test-secrets.js';
import { createExternalStorage, type ExternalStorage } from '../../helpers/test-storage.js';

const secrets = testSecrets();
const dirs: string[] = [];
const embeddedEnv = () => {
  const dir = mkdtempSync(join(tmpdir(), 'idp-cli-'));
  dirs.push(dir);
  return { DATA_DIR: dir, ...secrets };
};
afterAll(() => {
  for (const dir of dirs) {
    rmSync(dir, { recursive: true, force: true });
  }
});

describe('arguments', () => {
  const env = embeddedEnv();
  // Arguments are checked before anything is opened: the data directory stays empty.
  afterAll(() => expect(readdirSync(env.DATA_DIR)).toEqual([]));

  test('no command prints the usage and exits 2', async () => {
    const result = await runCli([], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('npm run cli -- user:create --email E [--password P]');
  });

  test('an unknown command exits 2', async () => {
    const result = await runCli(['users:delete'], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('unknown command users:delete');
  });

  test.each([
    [['user:create', '--password', 'long enough password'], '--email is required'],
    [['user:create', '--email', 'a@example.com', '--password', 'long enough password', '--colour', 'red'], "Unknown option '--colour'"],
    [['user:create', '--email'], "Option '--email <value>' argument missing"],
    [['client:create', '--redirect-uri', 'https://app.example/cb'], '--id is required'],
    [['keys:retire'], '--kid is required'],
    // A kid is a base64url thumbprint and may begin with '-': the message says to give it with '='.
    [['keys:retire', '--kid', '-Xy3'], "use '--kid=-XYZ'"],
    [['keys:rotate', 'now'], 'Unexpected argument'],
  ])('%j is refused with a clear message', async (args, message) => {
    const result = await runCli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: npm run cli --');
  });

  test('help lists the commands and exits 0', async () => {
    const result = await runCli(['help'], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('keys:rotate');
  });

  test('a bad setting names itself', async () => {
    const result = await runCli(['keys:list'], { ...env, DATABASE_URL: 'mysql://nope' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL: must be a postgresql:// URL');
  });
});

describe('embedded default without a running server', () => {
  const env = embeddedEnv();

  test('creates users and clients, refusing duplicates and bad input', async () => {
    const created = await runCli(['user:create', '--email', 'Ops@Example.com', '--password', 'a good long password', '--name', 'Ops', '--admin'], env);
    expect(created).toMatchObject({ code: 0 });
    expect(created.stdout).toMatch(/created administrator ops@example.com \(id [0-9a-f-]{36}\)/);

    const duplicate = await runCli(['user:create', '--email', 'ops@example.com', '--password', 'a good long password'], env);
    expect(duplicate.code).toBe(1);
    expect(duplicate.stderr).toContain('already exists');

    const weak = await runCli(['user:create', '--email', 'new@example.com', '--password', 'short'], env);
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('at least 8 characters');

    const publicClient = await runCli(['client:create', '--id', 'spa', '--redirect-uri', 'http://localhost:5173/cb',
      '--redirect-uri', 'https://spa.example/cb'], env);
    expect(publicClient).toMatchObject({ code: 0, stdout: 'created public client spa\n' });
    const confidential = await runCli(['client:create', '--id', 'backend', '--secret', 'x'.repeat(40), '--grant', 'client_credentials'], env);
    expect(confidential).toMatchObject({ code: 0, stdout: 'created confidential client backend\n' });
    // A TV or a command line: the device grant, public, no redirect URI.
    const tv = await runCli(['client:create', '--id', 'tv-app', '--grant', 'urn:ietf:params:oauth:grant-type:device_code', '--grant', 'refresh_token'], env);
    expect(tv).toMatchObject({ code: 0, stdout: 'created public client tv-app\n' });
    const fapi = await runCli(['client:create', '--id', 'fapi', '--secret', 's'.repeat(40), '--redirect-uri', 'https://fapi.example/cb',
      '--require-par', '--require-dpop', '--require-signed-request-object', '--backchannel-logout-uri', 'https://fapi.example/logout',
      '--frontchannel-logout-uri', 'https://fapi.example/frontchannel-logout'], env);
    expect(fapi).toMatchObject({ code: 0, stdout: 'created confidential client fapi\n' });
    const exchanger = await runCli(['client:create', '--id', 'exchanger', '--secret', 'e'.repeat(40), '--grant', 'client_credentials',
      '--grant', 'urn:ietf:params:oauth:grant-type:token-exchange'], env);
    expect(exchanger).toMatchObject({ code: 0, stdout: 'created confidential client exchanger\n' });
    const unsignable = await runCli(['client:create', '--id', 'jar-public', '--redirect-uri', 'https://fapi.example/cb', '--require-signed-request-object'], env);
    expect(unsignable.code).toBe(1);
    expect(unsignable.stderr).toContain('a client secret to sign them with');
    const plainLogout = await runCli(['client:create', '--id', 'fapi2', '--redirect-uri', 'https://fapi.example/cb',
      '--backchannel-logout-uri', 'http://fapi.example/logout'], env);
    expect(plainLogout.code).toBe(1);
    expect(plainLogout.stderr).toContain('must use https');
    const foreignFrame = await runCli(['client:create', '--id', 'fapi3', '--redirect-uri', 'https://fapi.example/cb',
      '--frontchannel-logout-uri', 'https://other.example/logout'], env);
    expect(foreignFrame.code).toBe(1);
    expect(foreignFrame.stderr).toContain("one of the client's redirect URIs");

    const insecure = await runCli(['client:create', '--id', 'web', '--redirect-uri', 'http://app.example/cb'], env);
    expect(insecure.code).toBe(1);
    expect(insecure.stderr).toContain('must use https');
    const badGrant = await runCli(['client:create', '--id', 'web2', '--redirect-uri', 'https://app.example/cb', '--grant', 'password'], env);
    expect(badGrant.code).toBe(1);
    expect(badGrant.stderr).toContain('grant types are');
    // Ten processes, each opening the embedded database: over a minute when other suites load the machine.
  }, 180_000);

  test('refuses to open the data directory while another live process holds it', async () => {
    const lockedEnv = embeddedEnv();
    writeFileSync(join(lockedEnv.DATA_DIR, 'lock'), JSON.stringify({ pid: process.pid, role: 'server' }));
    const result = await runCli(['keys:list'], lockedEnv);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`in use by the server (pid ${process.pid})`);
  });
});

describe('a password that is not on the command line', () => {
  test('user:create without --password asks on the terminal, twice and without echo', async () => {
    const env = embeddedEnv();
    const cli = join(projectRoot, 'dist', 'bin', 'cli.js');
    // util-linux `script` gives the CLI a terminal; what is "typed" goes to it a keystroke line at a time.
    const child = spawn('script', ['-qec', `"${process.execPath}" "${cli}" user:create --email tty@example.com`, '/dev/null'], {
      env: { PATH: process.env['PATH'], HOME: process.env['HOME'], NODE_ENV: 'test', LOG_LEVEL: 'warn', ...env }, cwd: projectRoot,
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => { output += chunk.toString(); });
    const waitFor = async (text: string) => {
      // The embedded database opens and argon2id hashes under other suites' load: up to a minute.
      for (let i = 0; i < 1200 && !output.includes(text); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(output).toContain(text);
    };
    await waitFor('Password: ');
    child.stdin.write('typed at the prompt\r');
    await waitFor('Confirm password: ');
    child.stdin.write('typed at the prompt\r');
    await waitFor('created user tty@example.com');
    child.stdin.end();
    await new Promise((resolve) => child.on('close', resolve));
    expect(output).not.toContain('typed at the prompt');

    const mismatch = await runCli(['user:create', '--email', 'piped@example.com'], env, '');
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('--password is required (or give it on stdin)');
  }, 180_000);
});

describe('embedded default with the server running', () => {
  test('commands go through the running server and take effect at once', async () => {
    const env = embeddedEnv();
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const server = await startServerProcess({ ...env, PORT: String(port), HOST: '127.0.0.1', ISSUER: issuer });
    try {
      // A second server on the same data directory is refused.
      const second = await startServerProcess({ ...env, PORT: String(await freePort()), HOST: '127.0.0.1' }).catch((error: Error) => error);
      expect(String(second)).toContain('is in use by the server');

      // The password from stdin, never on the command line (shell history, `ps`).
      const user = { email: 'live@example.com', password: 'signed in while running' };
      expect((await runCli(['user:create', '--email', user.email], env, `${user.password}\n`)).code).toBe(0);
      expect((await runCli(['client:create', '--id', 'live-app', '--secret', 's'.repeat(40),
        '--redirect-uri', 'http://127.0.0.2:9/callback'], env)).code).toBe(0);

      const rp = await discover({ issuer }, { clientId: 'live-app', secret: 's'.repeat(40), redirectUri: 'http://127.0.0.2:9/callback' });
      const browser = new TestBrowser();
      const consent = await signIn(rp, browser, user).catch((error: Error) => error);
      // A third-party client: the consent page proves that the user signed in on the running server.
      expect(String(consent)).toContain('Allow live-app?');

      // A SCIM token for an organization's identity provider: printed once, working at once, revoked at once.
      const org = await runCli(['org:create', '--name', 'Live Corp', '--domain', 'live.example'], env);
      const orgId = /created organization (\S+)/.exec(org.stdout)![1]!;
      const made = await runCli(['org:scim-token', '--org', orgId, '--label', 'Okta'], env);
      expect(made.stdout).toContain(`SCIM base URL ${issuer}/scim/v2`);
      const token = /token \(shown once\): (scim_\S+)/.exec(made.stdout)![1]!;
      const scimUsers = () => fetch(`${issuer}/scim/v2/Users`, { headers: { authorization: `Bearer ${token}` } }).then((response) => response.status);
      expect(await scimUsers()).toBe(200);
      expect((await runCli(['org:scim-token', '--org', orgId, '--revoke'], env)).stdout).toContain('revoked 1 SCIM token(s)');
      expect(await scimUsers()).toBe(401);

      const before = await jwksKids(issuer);
      const rotated = await runCli(['keys:rotate'], env);
      expect(rotated.code).toBe(0);
      const after = await jwksKids(issuer);
      expect(after).toHaveLength(4);
      expect(after).toEqual(expect.arrayContaining(before));
    } finally {
      expect(await server.stop()).toBe(0);
    }
  });
});

async function jwksKids(issuer: string): Promise<string[]> {
  const jwks = (await (await fetch(`${issuer}/jwks`)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

describe('storage that does not answer', () => {
  let external: ExternalStorage;
  beforeAll(async () => {
    external = await createExternalStorage();
  });
  afterAll(() => external?.drop());

  test('the database or Redis that does not answer is named in one line, with no stack trace', async () => {
    const closed = await freePort();
    const noDatabase = await runCli(['keys:list'], { ...secrets, ...external.env, DATABASE_URL: `postgresql://postgres@127.0.0.1:${closed}/none` });
    expect(noDatabase.code).toBe(1);
    expect(noDatabase.stderr.trim()).toBe('error: could not reach the database (DATABASE_URL). Check that it is running and reachable from here, then run the command again.');

    const noRedis = await runCli(['keys:list'], { ...secrets, ...external.env, REDIS_URL: `redis://127.0.0.1:${closed}` });
    expect(noRedis.code).toBe(1);
    expect(noRedis.stderr.trim()).toBe('error: could not reach Redis (REDIS_URL, REDIS_CLUSTER_NODES or REDIS_SENTINELS). Check that it is running and reachable from here, then run the command again.');
  });
});
