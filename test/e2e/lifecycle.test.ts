// As a person would, in Chromium, reading the real emails: forgot password to a new password to signing
// in; activating an account from the invitation; verifying a login from a new browser.
import type { Browser, Page } from 'playwright-core';

import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { enterEmail, enterPassword, launchChromium, Screenshots } from '../helpers/chromium.js';
import { startDemoRpFor, type DemoRp } from '../helpers/demo-rp.js';
import { linkIn, startSmtpSink, verificationCode, type SmtpSink } from '../helpers/smtp-sink.js';

let sink: SmtpSink;
let app: TestApp;
let rp: DemoRp;
let browser: Browser;

beforeAll(async () => {
  sink = await startSmtpSink();
  app = await createTestApp({ env: { SMTP_URL: sink.url, LOGIN_VERIFICATION: 'true' } });
  rp = await startDemoRpFor(app);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rp?.close();
  await app?.close();
  await sink?.close();
});

async function startSignIn(page: Page, shots: Screenshots, email: string) {
  await page.goto(`${rp.url}/login`);
  await enterEmail(page, email, { shots });
}

async function verifyWithCode(page: Page, shots: Screenshots, email: string) {
  await page.getByLabel('6-digit code from the email').waitFor();
  await shots.take(page, 'verify-your-login');
  const code = verificationCode(await sink.next(email, { subject: 'Verify your login' }));
  await page.getByLabel('6-digit code from the email').fill(code);
  await page.getByRole('button', { name: 'Verify' }).click();
}

test('forgot password, new password, then sign in with it', async () => {
  const shots = new Screenshots('forgot-password');
  const user = { email: 'forgot.e2e@example.com', password: 'the old password here' };
  await app.services.accounts.create(user);
  const context = await browser.newContext();
  const page = await context.newPage();
  await startSignIn(page, shots, user.email);
  await page.getByRole('link', { name: 'Forgot password?' }).click();
  await page.getByLabel('Email address').fill(user.email);
  await shots.take(page, 'forgot-password');
  await page.getByRole('button', { name: 'Reset Password' }).click();
  await page.getByRole('heading', { name: 'Check your email' }).waitFor();
  await shots.take(page, 'check-your-email');

  const mail = await sink.next(user.email);
  expect(mail.subject).toBe('Forgot Your Password');
  await page.goto(linkIn(mail, `${app.issuer}/password/reset`));
  await page.getByLabel('New password', { exact: true }).fill('a brand new password');
  await page.getByLabel('New password again').fill('a brand new password');
  expect(await page.getByLabel('Sign out of all sessions').isChecked()).toBe(true);
  await shots.take(page, 'new-password');
  await page.getByRole('button', { name: 'Change password' }).click();
  await page.getByRole('heading', { name: 'Your password has been changed' }).waitFor();
  await shots.take(page, 'password-changed');
  await page.getByRole('link', { name: 'Continue signing in' }).click();

  await page.getByLabel('Email address').waitFor();
  await page.getByRole('button', { name: 'Next' }).click();
  await enterPassword(page, 'a brand new password', { shots });
  await verifyWithCode(page, shots, user.email);
  await page.waitForURL(`${rp.url}/callback**`);
  await shots.take(page, 'signed-in');
  expect(await page.textContent('#user')).toBe(user.email);
  await context.close();
});

test('activation from the invitation email', async () => {
  const shots = new Screenshots('activation');
  await app.services.invitations.invite({ email: 'new.hire@example.com', name: 'New Hire', invitedBy: 'Alice Admin' });
  const mail = await sink.next('new.hire@example.com');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(linkIn(mail, `${app.issuer}/activate`));
  await page.getByRole('heading', { name: 'Welcome, New Hire' }).waitFor();
  expect(await page.textContent('main')).toContain('Alice Admin gave you access to GoToAssist');
  await page.getByLabel('Create a password').fill('my first real password');
  await page.getByLabel('Password again').fill('my first real password');
  await shots.take(page, 'activate');
  await page.getByRole('button', { name: 'Activate my account' }).click();
  await page.getByRole('heading', { name: 'My account' }).waitFor();
  await shots.take(page, 'my-account');
  expect(await page.textContent('.account-email')).toBe('new.hire@example.com');

  // Signed in: the application lets them straight in.
  await page.goto(`${rp.url}/login`);
  await page.waitForURL(`${rp.url}/callback**`);
  await shots.take(page, 'application');
  expect(await page.textContent('#user')).toBe('new.hire@example.com');
  await context.close();
});

test('login verification from a new browser, by the link opened in another browser: the first goes on by itself', async () => {
  const shots = new Screenshots('login-verification');
  const user = { email: 'verify.e2e@example.com', password: 'a password to verify' };
  await app.services.accounts.create(user);
  const laptop = await browser.newContext();
  const page = await laptop.newPage();
  await startSignIn(page, shots, user.email);
  await enterPassword(page, user.password, { shots });
  await page.getByRole('heading', { name: 'Verify your login' }).waitFor();
  await shots.take(page, 'verify-your-login');

  const phone = await browser.newContext();
  const phonePage = await phone.newPage();
  await phonePage.goto(linkIn(await sink.next(user.email), `${app.issuer}/login/verify`));
  await shots.take(phonePage, 'link-opened-elsewhere');
  await phonePage.getByRole('button', { name: 'Yes, it was me' }).click();
  await phonePage.getByRole('heading', { name: 'Login verified' }).waitFor();
  await shots.take(phonePage, 'verified-elsewhere');

  // No click: the waiting page noticed the approval and continued.
  await page.waitForURL(`${rp.url}/callback**`);
  await shots.take(page, 'signed-in');
  expect(await page.textContent('#user')).toBe(user.email);

  // The laptop is trusted now: its next sign-in (a new session) asks for no verification.
  await laptop.clearCookies({ name: '_session' });
  await laptop.clearCookies({ name: '_session.sig' });
  await startSignIn(page, shots, user.email);
  await enterPassword(page, user.password, { shots });
  await page.waitForURL(`${rp.url}/callback**`);
  await laptop.close();
  await phone.close();
});

test('login verification by the link opened in a second tab: that tab says to close it, the first ends signed in', async () => {
  const shots = new Screenshots('login-verification-tabs');
  const user = { email: 'verify.tabs@example.com', password: 'a password to verify' };
  await app.services.accounts.create(user);
  const context = await browser.newContext();
  const page = await context.newPage();
  await startSignIn(page, shots, user.email);
  await enterPassword(page, user.password, { shots });
  await page.getByRole('heading', { name: 'Verify your login' }).waitFor();

  const tab = await context.newPage();
  await tab.goto(linkIn(await sink.next(user.email), `${app.issuer}/login/verify`));
  await tab.getByRole('button', { name: 'Yes, it was me' }).click();
  await tab.getByText('You can close this tab.').waitFor();
  await shots.take(tab, 'close-this-tab');
  expect(tab.url()).toBe(`${app.issuer}/login/verify`);

  await page.bringToFront();
  await page.waitForURL(`${rp.url}/callback**`);
  expect(await page.textContent('#user')).toBe(user.email);
  await context.close();
});
