// Cookies: signed with keys from the environment that can be rotated, and Secure when the issuer is
// https behind a trusted proxy.
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, discover, registerClient, signIn, toCallback } from '../../helpers/relying-party.js';
import { createExternalStorage, type ExternalStorage } from '../../helpers/test-storage.js';
import { testSecrets } from '../../helpers/test-secrets.js';

const user = { email: 'cookie@example.com', password: 'crumbs everywhere' };

describe('cookie key rotation (one deployment restarted with new keys)', () => {
  let storage: ExternalStorage;
  const { DATA_ENCRYPTION_KEYS } = testSecrets();
  const oldKey = 'old-cookie-key-'.padEnd(40, 'o');
  const newKey = 'new-cookie-key-'.padEnd(40, 'n');

  beforeAll(async () => {
    storage = await createExternalStorage();
  });
  afterAll(() => storage.drop());

  async function withApp<T>(cookieKeys: string, work: (app: TestApp) => Promise<T>): Promise<T> {
    const app = await createTestApp({ external: storage, env: { DATA_ENCRYPTION_KEYS, COOKIE_KEYS: cookieKeys } });
    try {
      return await work(app);
    } finally {
      await app.close();
    }
  }

  const stillSignedIn = async (app: TestApp, browser: TestBrowser, rp: oidc.Configuration) => {
    const { url } = await authorizationRequest(rp);
    return (await browser.navigate(url.toString().replace(/^http:\/\/127\.0\.0\.1:\d+/, app.issuer), { stopAt: toCallback })).stoppedAt !== undefined;
  };

  test('sessions survive a rotation; a session not seen since is refused once the old key is dropped', async () => {
    const active = new TestBrowser();
    const idle = new TestBrowser();
    const client = await withApp(oldKey, async (app) => {
      await app.services.accounts.create(user);
      const registered = await registerClient(app, { firstParty: true });
      const rp = await discover(app, registered);
      await signIn(rp, active, { ...user, remember: true });
      await signIn(rp, idle, { ...user, remember: true });
      return registered;
    });
    // Each app listens on a new port; cookies ignore ports, so the browsers' session cookies go along.
    // The active browser comes back during the rotation: its cookie is re-signed with the new key.
    expect(await withApp(`${newKey},${oldKey}`, async (app) => stillSignedIn(app, active, await discover(app, client)))).toBe(true);
    await withApp(newKey, async (app) => {
      const rp = await discover(app, client);
      expect(await stillSignedIn(app, active, rp)).toBe(true);
      expect(await stillSignedIn(app, idle, rp)).toBe(false);
    });
  });
});

describe('behind a TLS-terminating proxy', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ env: { TRUST_PROXY: 'true' } });
    // The test app's issuer is http; what matters here is the proxy's word on the scheme.
  });
  afterAll(() => app.close());

  test('cookies are Secure when the proxy says the request came over https', async () => {
    const client = await registerClient(app);
    const { url } = await authorizationRequest(await discover(app, client));
    const response = await fetch(url, { redirect: 'manual', headers: { 'x-forwarded-proto': 'https' } });
    const cookies = response.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    for (const cookie of cookies) {
      expect(cookie).toMatch(/;\s*secure/i);
      expect(cookie).toMatch(/;\s*httponly/i);
    }
    const page = await fetch(new URL(response.headers.get('location')!, app.issuer), {
      headers: { 'x-forwarded-proto': 'https', cookie: cookies.map((cookie) => cookie.split(';')[0]).join('; ') },
    });
    const csrf = page.headers.getSetCookie().find((cookie) => cookie.startsWith('__Host-csrf='));
    expect(csrf).toMatch(/;\s*secure/i);
    expect(csrf).toMatch(/;\s*path=\//i);
  });

  test('without the proxy header, cookies are not Secure (plain http)', async () => {
    const client = await registerClient(app);
    const { url } = await authorizationRequest(await discover(app, client));
    const response = await fetch(url, { redirect: 'manual' });
    for (const cookie of response.headers.getSetCookie()) {
      expect(cookie).not.toMatch(/;\s*secure/i);
    }
  });
});
