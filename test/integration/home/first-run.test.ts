// The first five minutes: the landing page, the one-time first administrator (from this machine only), and
// the demo GoToAssist app signing in through the provider like any relying party.
import { request as httpRequest } from 'node:http';

import { generateKeyPair, SignJWT } from 'jose';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { SESSION_CHECK_SECONDS } from '../../../src/demo/demo-handler.js';
import { TestClock } from '../../helpers/test-clock.js';
import { until } from '../../helpers/until.js';

let app: TestApp;
const clock = new TestClock();

beforeAll(async () => {
  app = await createTestApp({ clock });
});
afterAll(() => app?.close());

const first = { email: 'first.admin@example.com', name: 'First Admin', password: 'the very first admin' };

/** A GET with another Host header, as through a reverse proxy that passes the public name on. */
function getWithHost(path: string, host: string): Promise<{ status: number; body: string }> {
  const url = new URL(path, app.issuer);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, headers: { host } }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (body += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject).end();
  });
}

describe('the landing page and the first administrator', () => {
  test('says what the server is and where things are', async () => {
    const { page } = await new TestBrowser().navigate(`${app.issuer}/`);
    expect(page.status).toBe(200);
    expect(page.document.querySelector('#issuer')?.text).toBe(app.issuer);
    const links = page.document.querySelectorAll('a').map((link) => link.getAttribute('href'));
    expect(links).toEqual(expect.arrayContaining([
      `${app.issuer}/.well-known/openid-configuration`, '/account', '/admin/', '/demo/', '/admin/api/v1/openapi.json',
    ]));
  });

  test('another machine is told to use the CLI, and cannot post the form', async () => {
    const browser = new TestBrowser({ headers: { 'x-forwarded-for': '203.0.113.9' } });
    const { page } = await browser.navigate(`${app.issuer}/`);
    expect(page.document.querySelector('form[action="/first-administrator"]')).toBeNull();
    expect(page.body).toContain('npm run cli -- user:create --admin');
    const local = await new TestBrowser().navigate(`${app.issuer}/`);
    const posted = await browser.submit(local.page, 'form[action="/first-administrator"]', { ...first, confirm: first.password });
    expect(posted.page.status).toBe(403);
    const proxied = await getWithHost('/', 'id.example.com');
    expect(proxied.body).not.toContain('action="/first-administrator"');
    expect(await app.services.accountRepository.findByEmail(first.email)).toBeUndefined();
  });

  test('this machine creates it once, with the password rules; then the form is gone for good', async () => {
    const browser = new TestBrowser();
    const home = await browser.navigate(`${app.issuer}/`);
    const weak = await browser.submit(home.page, 'form[action="/first-administrator"]', { ...first, password: 'password', confirm: 'password' });
    expect(weak.page.status).toBe(400);
    expect(weak.page.document.querySelector('#first-admin-error')?.text).toMatch(/common/i);
    const mismatch = await browser.submit(home.page, 'form[action="/first-administrator"]', { ...first, confirm: 'something else entirely' });
    expect(mismatch.page.document.querySelector('#first-admin-error')?.text).toBe('The two passwords are not the same.');

    const created = await browser.submit(home.page, 'form[action="/first-administrator"]', { ...first, confirm: first.password });
    expect(created.page.url).toBe(`${app.issuer}/?created=1`);
    expect(created.page.document.querySelector('.notice')?.text).toContain('The administrator is created');
    expect(created.page.document.querySelector('form[action="/first-administrator"]')).toBeNull();
    expect(await app.services.accountRepository.findByEmail(first.email)).toMatchObject({ isAdmin: true, name: 'First Admin', status: 'ACTIVE' });

    const again = await browser.submit(home.page, 'form[action="/first-administrator"]', { email: 'second@example.com', password: 'another admin password', confirm: 'another admin password' });
    expect(again.page.status).toBe(409);
    expect(await app.services.accountRepository.findByEmail('second@example.com')).toBeUndefined();
  });
});

describe('the demo GoToAssist app', () => {
  const member = { email: 'demo.user@example.com', password: 'demo user password' };
  beforeAll(async () => {
    await app.services.accounts.create({ ...member, name: 'Dee Mo' });
  });

  async function signInToDemo(browser: TestBrowser, who: { email: string; password: string }) {
    const start = await browser.navigate(`${app.issuer}/demo/`);
    const login = await browser.navigate(new URL(start.page.document.querySelector('a.button-link')!.getAttribute('href')!, app.issuer).toString());
    const page2 = await browser.submit(login.page, 'form[action$="/login/identifier"]', { email: who.email });
    return browser.submit(page2.page, 'form[action$="/login/password"]', { password: who.password });
  }

  test('signs in through the provider and shows the user; the account menu has My account and Sign out', async () => {
    const browser = new TestBrowser();
    const home = await signInToDemo(browser, member);
    expect(home.page.url).toBe(`${app.issuer}/demo/`);
    expect(home.page.document.querySelector('#name')?.text).toBe('Dee Mo');
    expect(home.page.document.querySelector('#amr')?.text).toBe('pwd');
    const menu = home.page.document.querySelectorAll('.menu a').map((link) => link.text);
    expect(menu).toEqual(['My account']);

    const confirm = await browser.submit(home.page, 'form[action="/demo/logout"]');
    expect(confirm.page.url.startsWith(`${app.issuer}/session/end`)).toBe(true);
    const done = await browser.submit(confirm.page, 'form#op\\.logoutForm', { logout: 'yes' });
    expect(done.page.url).toBe(`${app.issuer}/demo/`);
    expect(done.page.document.querySelector('a.button-link')?.text).toBe('Sign in');
  });

  test('the demo keeps checking with the provider (prompt=none), and is told at once of a sign-out elsewhere (back-channel logout)', async () => {
    const browser = new TestBrowser();
    expect((await signInToDemo(browser, member)).page.document.querySelector('#name')?.text).toBe('Dee Mo');
    // Still signed in at the provider: the check goes through unseen, and the demo stays signed in.
    clock.advance((SESSION_CHECK_SECONDS + 1) * 1000);
    const checked = await browser.navigate(`${app.issuer}/demo/`);
    expect(checked.page.url).toBe(`${app.issuer}/demo/`);
    expect(checked.page.document.querySelector('#name')?.text).toBe('Dee Mo');
    // Another browser signed in to the demo too: a session of its own at the provider.
    const accountId = (await app.services.accountRepository.findByEmail(member.email))!.id;
    const deliveries = async () => (await app.services.storage.database.sql.query(
      "SELECT 1 FROM audit_events WHERE account_id = $1 AND type = 'logout.backchannel_delivered' AND client_id = 'gotoassist-demo'", [accountId])).length;
    const deliveredBefore = await deliveries();
    const uids = async () => (await app.services.browserSessions.list(accountId)).map((session) => session.uid);
    const before = await uids();
    const other = new TestBrowser();
    expect((await signInToDemo(other, member)).page.document.querySelector('#name')?.text).toBe('Dee Mo');
    const [its] = (await uids()).filter((uid) => !before.includes(uid));

    // That session signed out on My account: the provider tells the demo (a logout token with the session's
    // sid, which the demo validates), and that browser's demo session ends at once, not at the next check.
    expect(await app.services.browserSessions.end(accountId, its!)).toBe(true);
    const signedOut = async (who: TestBrowser) => (await who.navigate(`${app.issuer}/demo/`)).page.document.querySelector('#name') === null;
    // "At once" on a quiet machine; under load a delivery can pass oidc-provider's 2.5 s limit and go through
    // on a retry (1 s, 5 s, 25 s later), so the waits allow for the retries.
    const delivery = 45_000;
    await until(() => signedOut(other), delivery);
    expect(await signedOut(browser)).toBe(false);

    // 'Sign out of all sessions': the rest go too.
    await app.services.sessions.signOutEverywhere(accountId);
    await until(() => signedOut(browser), delivery);
    // Each delivery is in the audit log (the count includes the earlier test's sign-out at the demo).
    await until(async () => (await deliveries()) === deliveredBefore + 2, delivery);
  }, 180_000);

  test("the demo's back-channel logout endpoint refuses what is not the provider's logout token", async () => {
    const post = (body: Record<string, string>) => fetch(`${app.issuer}/demo/backchannel-logout`, {
      method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(body),
    });
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ sid: 'some-session', events: { 'http://schemas.openid.net/event/backchannel-logout': {} } })
      .setProtectedHeader({ alg: 'RS256', typ: 'logout+jwt', kid: 'not-the-providers' }).setIssuer(app.issuer).setAudience('gotoassist-demo')
      .setIssuedAt().setJti('forged').sign(privateKey);
    for (const body of [{}, { logout_token: 'not a jwt' }, { logout_token: forged }] as Record<string, string>[]) {
      const response = await post(body);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ error: 'invalid_request', error_description: expect.stringMatching(/logout_token/) });
    }
  });

  test('an administrator also gets the Admin Center in the menu', async () => {
    const home = await signInToDemo(new TestBrowser(), first);
    expect(home.page.document.querySelectorAll('.menu a').map((link) => link.text)).toEqual(['My account', 'Admin Center']);
  });

  test("'Require two-step verification' signs in again with acr_values: without an app set up, the user is asked to set one up", async () => {
    const browser = new TestBrowser();
    const home = await signInToDemo(browser, member);
    const stepUp = await browser.navigate(new URL(home.page.document.querySelectorAll('a.button-link').find((link) => link.text === 'Require two-step verification')!
      .getAttribute('href')!, app.issuer).toString());
    expect(stepUp.page.document.querySelector('h1')?.text).toBe('Two-step verification required');
    expect(stepUp.page.body).toContain('GoToAssist (demo) requires two-step verification');
  });

  test('the demo is off in production unless switched on, and its client goes with it', async () => {
    const secrets = {
      COOKIE_KEYS: 'k'.repeat(32), DATA_ENCRYPTION_KEYS: Buffer.alloc(32, 7).toString('base64'), SMTP_URL: 'smtp://127.0.0.1:25', TRUST_PROXY: 'true',
    };
    expect(loadConfig({ ...secrets, NODE_ENV: 'production', ISSUER: 'https://id.example.com' }).clients.demo).toBeUndefined();
    expect(loadConfig({ ...secrets, NODE_ENV: 'production', ISSUER: 'https://id.example.com', DEMO_APP: 'true' }).clients.demo?.clientId).toBe('gotoassist-demo');
    const off = await createTestApp({ env: { DEMO_APP: 'false' } });
    try {
      expect((await fetch(`${off.issuer}/demo/`)).status).toBe(404);
      expect(await off.services.clientRepository.find('gotoassist-demo')).toBeUndefined();
      expect((await (await fetch(`${off.issuer}/`)).text())).not.toContain('/demo/');
    } finally {
      await off.close();
    }
  });
});
