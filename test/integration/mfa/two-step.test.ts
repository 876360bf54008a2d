// Two-step verification with TOTP: enrolment on My account, sign-in with the code or a recovery code,
// replay refused, amr and acr in the ID token, and turning it off.
import * as oidc from 'openid-client';

import { totpCode } from '../../../src/mfa/totp.js';
import { ACR } from '../../../src/provider/acr.js';
import { TestBrowser, type Page } from '../../helpers/browser.js';
import { type TestApp } from '../../helpers/create-test-app.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { authorizationRequest, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import { type SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';
import { enrolThroughAccountPage, exchange, openTwoStepSetup, secretOn, signInToAccount } from './mfa-helpers.js';

const clock = new TestClock();
let sink: SmtpSink;
let app: TestApp;
let rp: oidc.Configuration;
let counter = 0;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({ clock }));
});
afterAll(() => closeTestbed({ app, sink }));

async function enrolledUser() {
  counter += 1;
  const user = { email: `twostep${counter}@example.com`, password: 'password then a code' };
  await app.services.accounts.create(user);
  const { secret, codes } = await enrolThroughAccountPage(app, new TestBrowser(), user, clock);
  clock.advance(30_000); // the next code, not the one that confirmed the enrolment
  return { ...user, secret, codes };
}

async function toCodePage(browser: TestBrowser, user: { email: string; password: string }, params: Record<string, string> = {}) {
  const request = await authorizationRequest(rp, params);
  const outcome = await signInThroughForms(browser, request.url.toString(), user);
  expect(outcome.page.url).toMatch(/\/mfa$/);
  return { request, page: outcome.page };
}

const submitCode = (browser: TestBrowser, page: Page, code: string, method: 'totp' | 'recovery' = 'totp') =>
  browser.submit(page, 'form[action$="/mfa"]', { code, method }, { stopAt: toCallback });

test('enrolment: QR code and key on the page, on only after a current code, then 10 recovery codes to download', async () => {
  counter += 1;
  const user = { email: `enrol${counter}@example.com`, password: 'setting it up now' };
  await app.services.accounts.create(user);
  const browser = new TestBrowser();
  const setup = await openTwoStepSetup(app, browser, user);
  const qr = setup.document.querySelector('img.qr')!.getAttribute('src')!;
  expect(qr.startsWith('data:image/svg+xml;base64,')).toBe(true);
  expect(Buffer.from(qr.split(',')[1]!, 'base64').toString()).toContain('<svg');
  const secret = secretOn(setup);
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  expect(setup.headers.get('content-security-policy')).toContain("img-src 'self' data:");

  const wrong = await browser.submit(setup, 'form[action="/account/two-step/confirm"]', { code: '000000' });
  expect(wrong.page.document.querySelector('#code-error')?.text).toMatch(/not right/);
  const account = await app.services.accountRepository.findByEmail(user.email);
  expect(await app.services.twoStep.isEnabled(account!.id)).toBe(false);

  const done = await browser.submit(wrong.page, 'form[action="/account/two-step/confirm"]', { code: await totpCode(secret, clock.now()) });
  const codes = done.page.document.querySelectorAll('ul.codes li').map((item) => item.text);
  expect(codes).toHaveLength(10);
  const download = done.page.document.querySelector('a[download]')!.getAttribute('href')!;
  expect(decodeURIComponent(download)).toContain(codes[3]!);
  expect(await app.services.twoStep.isEnabled(account!.id)).toBe(true);

  const rows = await app.services.storage.database.sql.query<{ secret_ciphertext: string }>('SELECT secret_ciphertext FROM totp_factors');
  expect(rows.map((row) => row.secret_ciphertext).join()).not.toContain(secret);
  const codeRows = await app.services.storage.database.sql.query<{ code_hash: string }>('SELECT code_hash FROM recovery_codes');
  expect(codeRows.map((row) => row.code_hash).join()).not.toContain(codes[0]!);
});

test('sign-in asks for the code after the password; the ID token says pwd and otp, multi-factor', async () => {
  const user = await enrolledUser();
  const browser = new TestBrowser();
  const { request, page } = await toCodePage(browser, user);
  expect(page.body).toContain('the time-based one-time passcode displayed in your paired multifactor authentication app');
  expect(page.document.querySelector('a[href$="/mfa?method=recovery"]')?.text).toBe('Use a recovery code instead');
  const done = await submitCode(browser, page, await totpCode(user.secret, clock.now()));
  const tokens = await exchange(rp, done.stoppedAt!, request);
  expect(tokens.claims()).toMatchObject({ amr: ['pwd', 'otp'], acr: ACR.multiFactor });
});

test('a code is accepted once: the same code in another sign-in is refused', async () => {
  const user = await enrolledUser();
  const code = await totpCode(user.secret, clock.now());
  const first = new TestBrowser();
  expect((await submitCode(first, (await toCodePage(first, user)).page, code)).stoppedAt).toBeDefined();
  const second = new TestBrowser();
  const replay = await submitCode(second, (await toCodePage(second, user)).page, code);
  expect(replay.stoppedAt).toBeUndefined();
  expect(replay.page.status).toBe(401);
  expect(replay.page.document.querySelector('#code-error')?.text).toMatch(/already used/);
});

test('a code one step old is accepted; two steps old is not', async () => {
  const user = await enrolledUser();
  clock.advance(30_000); // one step back is then not the step that confirmed the enrolment
  const browser = new TestBrowser();
  const { page } = await toCodePage(browser, user);
  const tooOld = await submitCode(browser, page, await totpCode(user.secret, new Date(clock.now().getTime() - 60_000)));
  expect(tooOld.page.status).toBe(401);
  const oneBack = await submitCode(browser, tooOld.page, await totpCode(user.secret, new Date(clock.now().getTime() - 30_000)));
  expect(oneBack.stoppedAt).toBeDefined();
});

test('a recovery code signs in once; the ID token says pwd and mfa', async () => {
  const user = await enrolledUser();
  const browser = new TestBrowser();
  const { request, page } = await toCodePage(browser, user);
  const recovery = (await browser.navigate(new URL(page.document.querySelector('a[href$="?method=recovery"]')!.getAttribute('href')!, page.url).toString())).page;
  expect(recovery.document.querySelector('label[for="code"]')?.text).toBe('Recovery code');
  const done = await submitCode(browser, recovery, user.codes[0]!.toUpperCase(), 'recovery');
  const tokens = await exchange(rp, done.stoppedAt!, request);
  expect(tokens.claims()).toMatchObject({ amr: ['pwd', 'mfa'], acr: ACR.multiFactor });

  const again = new TestBrowser();
  const next = await toCodePage(again, user);
  const reused = await submitCode(again, (await again.navigate(`${next.page.url}?method=recovery`)).page, user.codes[0]!, 'recovery');
  expect(reused.page.document.querySelector('#code-error')?.text).toBe('That recovery code is not right, or was already used.');
});

test('five wrong codes end the sign-in with access_denied', async () => {
  const user = await enrolledUser();
  const browser = new TestBrowser({ headers: { 'x-forwarded-for': '10.9.0.1' } });
  let { page } = await toCodePage(browser, user);
  let outcome;
  for (let i = 0; i < 5; i += 1) {
    outcome = await submitCode(browser, page, '000000');
    page = outcome.page;
    if (outcome.stoppedAt) {
      break;
    }
    // The sign-in throttle's growing delays apply to codes too: wait them out in test time.
    await new Promise((resolve) => setTimeout(resolve, i >= 2 ? 1100 * 2 ** (i - 2) : 0));
  }
  expect(new URL(outcome!.stoppedAt!).searchParams.get('error')).toBe('access_denied');
}, 30_000);

test('prompt=login asks for the password and the code again', async () => {
  const user = await enrolledUser();
  const browser = new TestBrowser();
  const { page } = await toCodePage(browser, user);
  await submitCode(browser, page, await totpCode(user.secret, clock.now()));
  clock.advance(30_000);
  const again = await toCodePage(browser, user, { prompt: 'login' });
  expect((await submitCode(browser, again.page, await totpCode(user.secret, clock.now()))).stoppedAt).toBeDefined();
});

test('turning it off needs the password and a current code or a recovery code; new recovery codes end the old', async () => {
  const user = await enrolledUser();
  const browser = new TestBrowser();
  const account = await signInToAccount(app, browser, user, async (codePage) =>
    submitCode(browser, codePage, await totpCode(user.secret, clock.now())));
  const fresh = await browser.submit(account, 'form[action="/account/two-step/recovery-codes"]');
  const newCodes = fresh.page.document.querySelectorAll('ul.codes li').map((item) => item.text);
  expect(newCodes).toHaveLength(10);
  const accountId = (await app.services.accountRepository.findByEmail(user.email))!.id;
  expect(await app.services.twoStep.useRecoveryCode(accountId, user.codes[1]!)).toBe(false);

  const page = (await browser.navigate(`${app.issuer}/account`)).page;
  const refused = await browser.submit(page, 'form[action="/account/two-step/disable"]', { password: user.password, code: '000000' });
  expect(refused.page.status).toBe(401);
  expect(refused.page.document.querySelector('#two-step-error')?.text).toMatch(/needed to turn two-step verification off/);
  const off = await browser.submit(page, 'form[action="/account/two-step/disable"]', { password: user.password, code: newCodes[0]! });
  expect(off.page.document.querySelector('.notice')?.text).toBe('Two-step verification is off.');
  expect(await app.services.twoStep.isEnabled(accountId)).toBe(false);
});
