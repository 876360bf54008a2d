// My account (/account): reached through sign-in, shows the profile; change password; trusted devices;
// sign out of all sessions.
import * as oidc from 'openid-client';

import { describeUserAgent } from '../../../src/accounts/describe-user-agent.js';

import { TestBrowser, type Page } from '../../helpers/browser.js';
import { type TestApp } from '../../helpers/create-test-app.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { AFTER_LOGOUT, authorizationRequest, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
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


test('the name can be changed, and goes into the ID token of the next sign-in', async () => {
  const user = await newUser();
  const { browser, page } = await openAccount(user);
  expect(page.document.querySelector('input#name')?.getAttribute('value')).toBe(user.name);
  const saved = await browser.submit(page, 'form[action="/account/name"]', { name: '  Grace B. Hopper  ' });
  expect(saved.page.document.querySelector('.notice')?.text).toBe('Your name has been saved.');
  expect(saved.page.document.querySelector('input#name')?.getAttribute('value')).toBe('Grace B. Hopper');
  const tooLong = await browser.submit(saved.page, 'form[action="/account/name"]', { name: 'x'.repeat(101) });
  expect(tooLong.page.status).toBe(400);
  expect(tooLong.page.document.querySelector('#name-error')?.text).toBe('A name has at most 100 characters.');
  const request = await authorizationRequest(rp);
  const back = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(back.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
  expect(tokens.claims()?.['name']).toBe('Grace B. Hopper');
});

test('Sessions lists each browser (device, IP, last active, applications); signing one out ends it and its applications', async () => {
  const user = await newUser();
  const laptop = new TestBrowser({ headers: { 'user-agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36' } });
  const { page: first } = await openAccount(user, laptop);
  const phoneAgent = 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1';
  const phone = new TestBrowser({ headers: { 'user-agent': phoneAgent } });
  await openAccount(user, phone);
  // The phone signs in to the application too, with a refresh token.
  const request = await authorizationRequest(rp, { scope: 'openid offline_access', prompt: 'consent' });
  const callback = await phone.navigate(request.url.toString(), { stopAt: toCallback });
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(callback.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });

  const page = (await laptop.navigate(`${app.issuer}/account`)).page;
  const rows = page.document.querySelectorAll('table.sessions tbody tr');
  expect(rows).toHaveLength(2);
  const cells = rows.map((row) => row.querySelectorAll('td').map((cell) => cell.text.trim()));
  const mine = cells.find((row) => row[0]!.includes('(this browser)'))!;
  expect(mine[0]).toBe('Chrome 131 on Windows (this browser)');
  expect(mine[1]).toBe('127.0.0.1'); // no TRUST_PROXY here: the address of the connection
  const theirs = cells.find((row) => !row[0]!.includes('(this browser)'))!;
  const { browser: phoneBrowser, platform: phonePlatform } = describeUserAgent(phoneAgent);
  expect(theirs[0]).toBe(`${phoneBrowser} on ${phonePlatform}`);
  expect(theirs[4]).toBe('Test App');
  expect(first.document.querySelector('table.sessions')).not.toBeNull();

  const other = rows.find((row) => !row.text.includes('(this browser)'))!;
  const action = other.querySelector('form')!.getAttribute('action')!;
  expect(action).toMatch(/^\/account\/sessions\/[A-Za-z0-9_-]+\/sign-out$/);
  const ended = await laptop.submit(page, `form[action="${action}"]`);
  expect(ended.page.document.querySelector('.notice')?.text).toBe('That session is signed out.');
  expect(ended.page.document.querySelectorAll('table.sessions tbody tr')).toHaveLength(1);
  // The phone is signed out, and the application's refresh token no longer works.
  expect((await phone.navigate(`${app.issuer}/account`)).page.url).toMatch(/\/interaction\//);
  await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
  // A session that is not this account's (or no longer there) is not found.
  const csrf = ended.page.document.querySelector('input[name="_csrf"]')!.getAttribute('value')!;
  const unknown = await laptop.request(`${app.issuer}${action}`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.issuer }, body: new URLSearchParams({ _csrf: csrf }).toString(),
  });
  expect(unknown.status).toBe(404);
});

test('"Sign out" signs this browser out; "Back to" returns to the application the user came from', async () => {
  const user = await newUser();
  const { browser } = await openAccount(user);
  // The application's registered home (here its post-logout address), never an address from the request.
  const withApp = (await browser.navigate(`${app.issuer}/account?client_id=${encodeURIComponent(rp.clientMetadata().client_id)}`)).page;
  expect(withApp.document.querySelector('a#back-to-app')?.getAttribute('href')).toBe(AFTER_LOGOUT);
  expect(withApp.document.querySelector('a#back-to-app')?.text).toBe('Back to Test App');
  // An unknown client id is ignored.
  const unknown = (await browser.navigate(`${app.issuer}/account?client_id=nobody`)).page;
  expect(unknown.document.querySelector('a#back-to-app')?.text).toBe('Back to Test App');
  const out = await browser.submit(unknown, 'form[action="/account/sign-out"]');
  expect(out.page.document.querySelector('h1')?.text).toBe('You have signed out');
  expect((await browser.navigate(`${app.issuer}/account`)).page.url).toMatch(/\/interaction\//);
});
