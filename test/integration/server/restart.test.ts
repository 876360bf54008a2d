// A restart of the server signs no one out: the session of 'Keep me signed in', the refresh tokens and
// the grants are in the state store, which is Redis in production and the embedded database on the
// embedded default (kept under DATA_DIR), not in the process.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { freePort } from '../../helpers/free-port.js';
import { authorizationRequest, discover, registerClient, signIn, toCallback, type TestClient } from '../../helpers/relying-party.js';
import { testSecrets } from '../../helpers/test-secrets.js';
import { createExternalStorage, storageMode, type ExternalStorage } from '../../helpers/test-storage.js';

const user = { email: 'margaret@example.com', password: 'the lunar module lands', name: 'Margaret Hamilton' };

let dataDir: string;
let external: ExternalStorage | undefined;
let app: TestApp | undefined;

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'idp-restart-'));
  external = storageMode() === 'external' ? await createExternalStorage() : undefined;
});
afterAll(async () => {
  await app?.close();
  await external?.drop();
  rmSync(dataDir, { recursive: true, force: true });
});

test('after a restart, the browser is still signed in and the refresh token still works', async () => {
  const port = await freePort();
  // The deployment's secrets stay the same across the restart.
  const env = testSecrets();
  const start = () => createTestApp({ port, dataDir, env, ...(external ? { external } : {}) });
  app = await start();
  await app.services.accounts.create(user);
  const client: TestClient = await registerClient(app, { firstParty: true });
  let rp = await discover(app, client);
  const browser = new TestBrowser();
  const { tokens } = await signIn(rp, browser, { ...user, remember: true }, { scope: 'openid email offline_access', prompt: 'consent' });
  expect(tokens.refresh_token).toBeDefined();

  await app.close();
  app = undefined;
  app = await start();
  rp = await discover(app, client);

  // The same browser goes back to the app: no sign-in page, straight back with a code.
  const request = await authorizationRequest(rp, { prompt: 'none' });
  const outcome = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  expect(outcome.stoppedAt).toBeDefined();
  const again = await oidc.authorizationCodeGrant(rp, new URL(outcome.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
  expect(again.claims()!.sub).toBe(tokens.claims()!.sub);

  const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
  expect(refreshed.access_token).toBeDefined();
});
