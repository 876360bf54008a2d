// 'Verify your login': a right password from a browser the account does not trust waits for the email's
// code (in the same browser) or link (anywhere), within 15 minutes; the browser is then trusted.
import * as oidc from 'openid-client';

import { VERIFICATION_CODE_POLICY } from '../../../src/throttling/policies.js';
import { TestBrowser, type Outcome } from '../../helpers/browser.js';
import { type TestApp } from '../../helpers/create-test-app.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { authorizationRequest, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import { linkIn, verificationCode, type SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';

const clock = new TestClock();
let sink: SmtpSink;
let app: TestApp;
let rp: oidc.Configuration;
let counter = 0;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({
    clock,
    env: { LOGIN_VERIFICATION: 'true' },
    // The rule under test here is the verification's own limit of wrong codes, not the throttle's delays.
    throttlePolicies: { verificationCode: { ...VERIFICATION_CODE_POLICY, delay: { after: 100, maxSeconds: 1 } } },
  }));
});
afterAll(() => closeTestbed({ app, sink }));

async function newUser() {
  counter += 1;
  const user = { email: `traveller${counter}@example.com`, password: 'from a new laptop', name: 'Traveller' };
  await app.services.accounts.create(user);
  return user;
}

const chromeOnWindows = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const newBrowser = () => new TestBrowser({ headers: { 'user-agent': chromeOnWindows } });

async function startSignIn(browser: TestBrowser, user: { email: string; password: string }): Promise<Outcome> {
  return signInThroughForms(browser, (await authorizationRequest(rp)).url.toString(), user);
}

const submitCode = (browser: TestBrowser, outcome: Outcome, code: string) =>
  browser.submit(outcome.page, 'form[action$="/verify"]:has(input[name="code"])', { code }, { stopAt: toCallback });

test('a new browser is asked to verify, by an email with a link and a code that names the device', async () => {
  const user = await newUser();
  const outcome = await startSignIn(newBrowser(), user);
  expect(outcome.stoppedAt).toBeUndefined();
  expect(outcome.page.url).toMatch(/\/interaction\/[^/]+\/verify$/);
  expect(outcome.page.document.querySelector('h1')?.text).toBe('Verify your login');
  const mail = await sink.next(user.email);
  expect(mail.subject).toBe('Verify your login');
  expect(mail.text).toContain('Chrome 131 on Windows');
  expect(verificationCode(mail)).toMatch(/^\d{6}$/);
  expect(linkIn(mail, `${app.issuer}/login/verify?token=`)).toBeDefined();
});

test('the code, typed in the same browser, completes the sign-in and the browser becomes trusted', async () => {
  const user = await newUser();
  const browser = newBrowser();
  const outcome = await startSignIn(browser, user);
  const done = await submitCode(browser, outcome, verificationCode(await sink.next(user.email)));
  expect(done.stoppedAt).toBeDefined();
  expect(new URL(done.stoppedAt!).searchParams.get('code')).toBeTruthy();

  // Next time, the same browser signs in without a verification (a new session, same device cookie).
  await browser.dropCookies(app.issuer, ['_session', '_session.sig']);
  const again = await startSignIn(browser, user);
  expect(again.stoppedAt).toBeDefined();
  const devices = await app.services.devices.list((await app.services.accountRepository.findByEmail(user.email))!.id);
  expect(devices).toHaveLength(1);
  expect(devices[0]).toMatchObject({ browser: 'Chrome 131', platform: 'Windows' });
});

test('the link, opened in another browser, approves; the signing-in browser then continues', async () => {
  const user = await newUser();
  const browser = newBrowser();
  const outcome = await startSignIn(browser, user);
  const link = linkIn(await sink.next(user.email), `${app.issuer}/login/verify?token=`);

  const phone = new TestBrowser();
  const confirm = (await phone.navigate(link)).page;
  expect(confirm.document.querySelector('form[action="/login/verify"] button')?.text).toBe('Yes, it was me');
  const approved = await phone.submit(confirm, 'form[action="/login/verify"]');
  expect(approved.page.document.querySelector('h1')?.text).toBe('Login verified');

  const done = await browser.submit(outcome.page, 'form[action$="/verify"]:has(input[value="continue"])', {}, { stopAt: toCallback });
  expect(done.stoppedAt).toBeDefined();
  // The link worked once.
  const reused = await phone.submit(confirm, 'form[action="/login/verify"]');
  expect(reused.page.status).toBe(410);
});

test('the link opened in another tab of the signing-in browser says to close it; the first tab goes on', async () => {
  const user = await newUser();
  const browser = newBrowser();
  const outcome = await startSignIn(browser, user);
  const statusUrl = new URL(outcome.page.document.querySelector('form[data-status-url]')!.getAttribute('data-status-url')!, app.issuer).toString();
  const status = async () => (await (await browser.request(statusUrl)).json()) as { approved: boolean };
  await expect(status()).resolves.toEqual({ approved: false });

  const link = linkIn(await sink.next(user.email), `${app.issuer}/login/verify?token=`);
  const confirm = (await browser.navigate(link)).page;
  const approved = (await browser.submit(confirm, 'form[action="/login/verify"]', {}, { stopAt: toCallback }));
  expect(approved.stoppedAt).toBeUndefined();
  expect(approved.page.document.querySelector('h1')?.text).toBe('Login verified');
  expect(approved.page.body).toContain('You can close this tab.');

  // What the first tab's script sees, and then does (the same as its Continue button).
  await expect(status()).resolves.toEqual({ approved: true });
  const done = await browser.submit(outcome.page, 'form#verify-continue', {}, { stopAt: toCallback });
  expect(done.stoppedAt).toBeDefined();
  expect((await browser.request(statusUrl)).status).toBe(410);
});

test('a link that does not work says so before asking anything', async () => {
  const user = await newUser();
  const browser = newBrowser();
  const outcome = await startSignIn(browser, user);
  const link = linkIn(await sink.next(user.email), `${app.issuer}/login/verify?token=`);
  await submitCode(browser, outcome, verificationCode(sink.to(user.email).at(-1)!));
  for (const dead of [link, `${app.issuer}/login/verify?token=${'A'.repeat(43)}`, `${app.issuer}/login/verify`]) {
    const page = (await new TestBrowser().navigate(dead)).page;
    expect(page.status).toBe(410);
    expect(page.document.querySelector('h1')?.text).toBe('This link does not work any more');
    expect(page.document.querySelector('button')).toBeNull();
  }
});

test('"Send a new code" mails a new code and link, the old ones stop working, and one a minute', async () => {
  const user = await newUser();
  const browser = newBrowser();
  const outcome = await startSignIn(browser, user);
  const first = await sink.next(user.email);
  const resend = (page: Outcome) => browser.submit(page.page, 'form[action$="/verify"]:has(input[value="resend"])', {}, { stopAt: toCallback });

  const tooSoon = await resend(outcome);
  expect(tooSoon.page.status).toBe(429);
  expect(tooSoon.page.document.querySelector('#verify-error')?.text).toMatch(/You can ask for a new code in \d+ seconds/);
  clock.advanceMinutes(1);
  const resent = await resend(tooSoon);
  expect(resent.page.document.querySelector('#verify-notice')?.text).toContain('We sent a new email');
  const second = await sink.next(user.email);
  expect(verificationCode(second)).toMatch(/^\d{6}$/);

  const phone = new TestBrowser();
  expect((await phone.navigate(linkIn(first, `${app.issuer}/login/verify?token=`))).page.status).toBe(410);
  if (verificationCode(first) !== verificationCode(second)) {
    const old = await submitCode(browser, resent, verificationCode(first));
    expect(old.page.document.querySelector('#verify-error')?.text).toMatch(/not right/);
  }
  const done = await submitCode(browser, resent, verificationCode(second));
  expect(done.stoppedAt).toBeDefined();
});

test('Continue before the link is used does nothing but say so', async () => {
  const user = await newUser();
  const browser = newBrowser();
  const outcome = await startSignIn(browser, user);
  await sink.next(user.email);
  const early = await browser.submit(outcome.page, 'form[action$="/verify"]:has(input[value="continue"])', {}, { stopAt: toCallback });
  expect(early.stoppedAt).toBeUndefined();
  expect(early.page.body).toContain('We have not seen the link used yet');
});

test('the code works only in the browser that is signing in', async () => {
  const user = await newUser();
  const outcome = await startSignIn(newBrowser(), user);
  const code = verificationCode(await sink.next(user.email));
  const other = newBrowser();
  const stolen = await other.request(new URL(outcome.page.url).toString().replace(/\/verify$/, '/verify'), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: app.issuer },
    body: new URLSearchParams({ action: 'code', code }).toString(),
  });
  expect(stolen.status).toBeGreaterThanOrEqual(400);
  expect(stolen.status).toBeLessThan(500);
});

test('five wrong codes end the verification', async () => {
  const user = await newUser();
  const browser = newBrowser();
  let outcome = await startSignIn(browser, user);
  const right = verificationCode(await sink.next(user.email));
  const wrong = right === '000000' ? '111111' : '000000';
  for (let i = 0; i < 4; i += 1) {
    outcome = await submitCode(browser, outcome, wrong);
    expect(outcome.page.document.querySelector('#verify-error')?.text).toMatch(/not right/);
  }
  const fifth = await submitCode(browser, outcome, wrong);
  expect(fifth.page.body).toContain('Too many wrong codes');
  expect(fifth.page.document.querySelector('input[name="code"]')).toBeNull();
  // Each wrong code is in the audit log.
  const accountId = (await app.services.accountRepository.findByEmail(user.email))!.id;
  const rows = await app.services.storage.database.sql.query<{ reason: string }>(
    "SELECT reason FROM audit_events WHERE account_id = $1 AND type = 'sign_in.failed' ORDER BY occurred_at", [accountId]);
  expect(rows.map((row) => row.reason)).toEqual(['wrong_code', 'wrong_code', 'wrong_code', 'wrong_code', 'exhausted_code']);
});

test('the code and the link expire after 15 minutes', async () => {
  const user = await newUser();
  const browser = newBrowser();
  const outcome = await startSignIn(browser, user);
  const mail = await sink.next(user.email);
  clock.advanceMinutes(16);
  const late = await submitCode(browser, outcome, verificationCode(mail));
  expect(late.stoppedAt).toBeUndefined();
  expect(late.page.body).toContain('This verification has expired');
  const phone = new TestBrowser();
  expect((await phone.navigate(linkIn(mail, `${app.issuer}/login/verify`))).page.status).toBe(410);
});

test('a wrong password never sends a verification email', async () => {
  const user = await newUser();
  await startSignIn(newBrowser(), { ...user, password: 'not the password' });
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(sink.to(user.email)).toHaveLength(0);
});
