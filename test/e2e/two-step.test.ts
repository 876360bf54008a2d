// As a person would, in Chromium: turn on two-step verification on My account, reading the key off the
// page (the test plays the authenticator app), then sign in to an application with a code.
import type { Browser } from 'playwright-core';

import { systemClock } from '../../src/core/clock.js';
import { totpCode } from '../../src/mfa/totp.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { enterEmail, enterPassword, launchChromium, Screenshots } from '../helpers/chromium.js';
import { startDemoRpFor, type DemoRp } from '../helpers/demo-rp.js';

const user = { email: 'two.step@example.com', password: 'a password and a phone' };
let app: TestApp;
let rp: DemoRp;
let browser: Browser;

beforeAll(async () => {
  app = await createTestApp();
  await app.services.accounts.create(user);
  rp = await startDemoRpFor(app);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rp?.close();
  await app?.close();
});

test('enrol on My account, then sign in with a code from the app', async () => {
  const shots = new Screenshots('two-step');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${app.issuer}/account`);
  await enterEmail(page, user.email);
  await enterPassword(page, user.password);
  await page.getByRole('heading', { name: 'My account' }).waitFor();
  await shots.take(page, 'my-account');

  await page.getByRole('link', { name: 'Turn on two-step verification' }).click();
  await page.getByRole('heading', { name: 'Turn on two-step verification' }).waitFor();
  expect(await page.locator('img.qr').evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(0);
  await shots.take(page, 'setup');
  const secret = (await page.textContent('#secret'))!.replace(/\s+/g, '');
  await page.getByLabel('6-digit code').fill(await totpCode(secret, systemClock.now()));
  await page.getByRole('button', { name: 'Turn on' }).click();
  await page.getByRole('heading', { name: 'Your recovery codes' }).waitFor();
  expect(await page.locator('ul.codes li').count()).toBe(10);
  await shots.take(page, 'recovery-codes');
  await page.getByRole('link', { name: 'Continue' }).click();
  expect(await page.textContent('main')).toContain('Two-step verification is on.');
  await shots.take(page, 'two-step-on');
  await context.close();

  const later = await browser.newContext();
  const signIn = await later.newPage();
  await signIn.goto(`${rp.url}/login`);
  await enterEmail(signIn, user.email);
  await enterPassword(signIn, user.password);
  await signIn.getByLabel('6-digit code').waitFor();
  await shots.take(signIn, 'code-page');
  // The next step's code: the one that turned two-step verification on may still be the current one.
  await signIn.getByLabel('6-digit code').fill(await totpCode(secret, new Date(Date.now() + 30_000)));
  await signIn.getByRole('button', { name: 'Verify' }).click();
  await signIn.waitForURL(`${rp.url}/callback**`);
  await shots.take(signIn, 'signed-in');
  expect(await signIn.textContent('#user')).toBe(user.email);
  await later.close();
});
