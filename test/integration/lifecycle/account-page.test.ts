// My account (/account): reached through sign-in, shows the profile; change password; trusted devices;
// sign out of all sessions.
import * as oidc from 'openid-client';

import { TestBrowser, type Page } from '../../helpers/browser.js';
import { type TestApp } from '../../helpers/create-test-app.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { authorizationRequest, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import { verificationCode, type SmtpSink } from '../../helpers/smtp-sink.js';

let sink: SmtpSink;
let app: TestApp;
let rp: oidc.Configuration;
let counter = 0;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({ env: { LOGIN_VERIFICATION: 'true' } }));
});
afterAll(() => closeTestbed({ app, sink }));

async function newUser() {
  counter += 1;
  const user = { email: `me${counter}@example.com`, password: 'my account password', name: `Member ${counter}` };
  await app.services.accounts.create(user);
  return user;
}

/** Opens /account in a new browser: sign-in forms, login verification by code, back to /account. */
async function openAccount(user: { email: string; password: string }, browser = new TestBrowser()): Promise<{ browser: TestBrowser; page: Page }> {
  const signInPage = await browser.navigate(`${app.issuer}/account`);
  expect(signInPage.page.url).toMatch(/\/interaction\//);
  const verify = await signInThroughForms(browser, signInPage.page.url, user);
  const code = verificationCode(await sink.next(user.email));
  const done = await browser.submit(verify.page, 'form[action$="/verify"]:has(input[name="code"])', { code });
  expect(done.page.url).toBe(`${app.issuer}/account`);
  return { browser, page: done.page };
}

test('a visitor who is not signed in goes through sign-in and lands on My account', async () => {
  const user = await newUser();
  const { page } = await openAccount(user);
  expect(page.document.querySelector('h1')?.text).toBe('My account');
  expect(page.document.querySelector('.account-email')?.text).toBe(user.email);
  expect(page.body).toContain(user.name);
});

test('change password needs the current one, follows the rules, and tells the owner by email', async () => {
  const user = await newUser();
  const { browser, page } = await openAccount(user);
  const change = (fields: Record<string, string>) => browser.submit(page, 'form[action="/account/password"]', fields);
  const wrong = await change({ current: 'not it', password: 'a new long password', confirm: 'a new long password' });
  expect(wrong.page.status).toBe(401);
  expect(wrong.page.document.querySelector('#password-error')?.text).toBe('Your current password is not right.');
  const common = await change({ current: user.password, password: 'iloveyou', confirm: 'iloveyou' });
  expect(common.page.document.querySelector('#password-error')?.text).toMatch(/too common/);
  const done = await change({ current: user.password, password: 'a new long password', confirm: 'a new long password' });
  expect(done.page.url).toBe(`${app.issuer}/account?done=password`);
  expect(done.page.document.querySelector('.notice')?.text).toBe('Your password has been changed.');
  expect((await sink.next(user.email)).subject).toBe('Your GoToAssist password was changed');
  await expect(app.services.password.authenticate(user.email, 'a new long password')).resolves.toBeDefined();
});

test('trusted devices are listed with browser, platform, first and last use and IP; remove one, or all', async () => {
  const user = await newUser();
  const windows = new TestBrowser({ headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' } });
  const mac = new TestBrowser({ headers: { 'user-agent': 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15' } });
  await openAccount(user, windows);
  const { browser, page } = await openAccount(user, mac);
  const rows = page.document.querySelectorAll('table.devices tbody tr');
  expect(rows.map((row) => row.querySelector('td')!.text).sort()).toEqual(['Chrome 131 on Windows', 'Safari 17 on macOS']);
  expect(rows[0]!.querySelectorAll('td')[3]!.text).toBe('127.0.0.1');

  const removed = await browser.submit(page, 'table.devices tbody tr:first-child form');
  expect(removed.page.document.querySelector('.notice')?.text).toMatch(/device was removed/);
  expect(removed.page.document.querySelectorAll('table.devices tbody tr')).toHaveLength(1);
  const all = await browser.submit(removed.page, 'form[action="/account/devices/remove-all"]');
  expect(all.page.document.querySelector('table.devices')).toBeNull();

  // A removed device is asked to verify again (in a new session: the device cookie stays).
  await windows.dropCookies(app.issuer, ['_session', '_session.sig']);
  const again = await signInThroughForms(windows, (await authorizationRequest(rp)).url.toString(), user);
  expect(again.stoppedAt).toBeUndefined();
  await sink.next(user.email);
});

test('"Sign out of all sessions" ends every session and revokes refresh tokens', async () => {
  const user = await newUser();
  const other = new TestBrowser();
  const code = async () => verificationCode(await sink.next(user.email));
  const request = await authorizationRequest(rp, { scope: 'openid offline_access', prompt: 'consent' });
  const verify = await signInThroughForms(other, request.url.toString(), user);
  const done = await other.submit(verify.page, 'form[action$="/verify"]:has(input[name="code"])', { code: await code() }, { stopAt: toCallback });
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(done.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });

  const { browser, page } = await openAccount(user);
  const signedOut = await browser.submit(page, 'form[action="/account/sign-out-everywhere"]');
  expect(signedOut.page.document.querySelector('h1')?.text).toBe('You have signed out everywhere');
  await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  expect((await other.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback })).stoppedAt).toBeUndefined();
  expect((await browser.navigate(`${app.issuer}/account`)).page.url).toMatch(/\/interaction\//);
});

test('a cancelled sign-in or a forged callback gets a clear page', async () => {
  const browser = new TestBrowser();
  const start = await browser.navigate(`${app.issuer}/account`);
  const cancelled = await browser.submit(start.page, 'form[action$="/abort"]');
  expect(cancelled.page.status).toBe(400);
  expect(cancelled.page.body).toContain('Sign-in was cancelled');
  const forged = (await new TestBrowser().navigate(`${app.issuer}/account/callback?state=forged`)).page;
  expect(forged.status).toBe(400);
  expect(forged.body).toContain('did not start here');
});

