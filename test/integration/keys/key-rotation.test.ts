// Signing keys on PostgreSQL: `keys:rotate` from the CLI (another process) reaches the running server
// without a restart; tokens signed with the previous key verify until it is retired.
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { runCli } from '../../helpers/processes.js';
import { discover, registerClient, signIn } from '../../helpers/relying-party.js';
import { createExternalStorage, type ExternalStorage } from '../../helpers/test-storage.js';
import { testSecrets } from '../../helpers/test-secrets.js';

const user = { email: 'keys@example.com', password: 'rotate me carefully' };
const secrets = testSecrets();
let storage: ExternalStorage;
let app: TestApp;

beforeAll(async () => {
  storage = await createExternalStorage();
  app = await createTestApp({ external: storage, env: { ...secrets, SIGNING_KEYS_RELOAD_INTERVAL: '1' } });
  await app.services.accounts.create(user);
});
afterAll(async () => {
  await app.close();
  await storage.drop();
});

const cli = (...args: string[]) => runCli(args, { ...storage.env, ...secrets });

async function jwksKids(): Promise<string[]> {
  const jwks = (await (await fetch(`${app.issuer}/jwks`)).json()) as { keys: { kid: string }[] };
  return jwks.keys.map((key) => key.kid);
}

async function eventually(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error('condition not met in time');
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

const verify = (idToken: string, audience: string) =>
  jwtVerify(idToken, createRemoteJWKSet(new URL(`${app.issuer}/jwks`), { cacheMaxAge: 0, cooldownDuration: 0 }), { issuer: app.issuer, audience });

test('rotate, then retire: old tokens verify until their key is retired', async () => {
  const client = await registerClient(app, { firstParty: true });
  const rp = await discover(app, client);
  const before = await signIn(rp, new TestBrowser(), user);
  const oldKid = decodeProtectedHeader(before.tokens.id_token!).kid!;
  const initialKids = await jwksKids();
  expect(initialKids).toContain(oldKid);

  const rotated = await cli('keys:rotate');
  expect(rotated.code).toBe(0);
  const newKids = [...rotated.stdout.matchAll(/new current (RS256|ES256) key (\S+)/g)].map((match) => match[2]!);
  expect(newKids).toHaveLength(2);
  await eventually(async () => (await jwksKids()).length === 4);

  await expect(verify(before.tokens.id_token!, client.clientId)).resolves.toBeDefined();
  const after = await signIn(rp, new TestBrowser(), user);
  const newKid = decodeProtectedHeader(after.tokens.id_token!).kid!;
  expect(newKids).toContain(newKid);
  expect(newKid).not.toBe(oldKid);

  const refused = await cli('keys:retire', `--kid=${newKid}`);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('is the current RS256 key');

  const retired = await cli('keys:retire', `--kid=${oldKid}`);
  expect(retired.code).toBe(0);
  await eventually(async () => !(await jwksKids()).includes(oldKid));
  await expect(verify(before.tokens.id_token!, client.clientId)).rejects.toThrow();
  await expect(verify(after.tokens.id_token!, client.clientId)).resolves.toBeDefined();

  const listed = await cli('keys:list');
  expect(listed.stdout.split('\n').filter(Boolean)).toHaveLength(4);
  expect(listed.stdout).toMatch(new RegExp(`${oldKid}.*retired`));
});

test('private keys are stored encrypted', async () => {
  const rows = await app.services.storage.database.sql.query<{ private_jwk_ciphertext: string }>(
    'SELECT private_jwk_ciphertext FROM signing_keys');
  expect(rows.length).toBeGreaterThan(0);
  for (const row of rows) {
    expect(row.private_jwk_ciphertext.startsWith('v1.')).toBe(true);
    expect(row.private_jwk_ciphertext).not.toContain('"d"');
  }
});
