// As a person would, in Chromium: sign in to an application through the provider; with 'Keep me signed
// in' the session survives a browser restart, without it it does not.
import type { Browser, Page } from 'playwright-core';

import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { enterEmail, enterPassword, launchChromium, restartContext, Screenshots } from '../helpers/chromium.js';
import { startDemoRpFor, type DemoRp } from '../helpers/demo-rp.js';

const user = { email: 'browser.user@example.com', password: 'typed in a real browser', name: 'Browser User' };
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

async function signInThroughPages(page: Page, shots: Screenshots, remember: boolean): Promise<void> {
  await page.goto(rp.url);
  await shots.take(page, 'application');
  await page.click('#sign-in');
  await enterEmail(page, user.email, { remember, shots });
  await enterPassword(page, user.password, { shots });
  await page.waitForURL(`${rp.url}/callback**`);
  await shots.take(page, 'signed-in');
}

test('with "Keep me signed in", the session is still there after the browser restarts', async () => {
  const shots = new Screenshots('keep-me-signed-in');
  let context = await browser.newContext();
  const page = await context.newPage();
  await signInThroughPages(page, shots, true);
  expect(await page.textContent('#user')).toBe(user.email);

  context = await restartContext(browser, context);
  const after = await context.newPage();
  await after.goto(`${rp.url}/login`);
  await after.waitForURL(`${rp.url}/callback**`);
  await shots.take(after, 'after-restart');
  expect(await after.textContent('#user')).toBe(user.email);
  await context.close();
});

test('without it, a browser restart ends the session', async () => {
  const shots = new Screenshots('browser-session');
  let context = await browser.newContext();
  await signInThroughPages(await context.newPage(), shots, false);
  context = await restartContext(browser, context);
  const after = await context.newPage();
  await after.goto(`${rp.url}/login`);
  await after.getByLabel('Email address').waitFor();
  await shots.take(after, 'asked-again');
  await context.close();
});

test('the sign-in pages work without JavaScript, in keyboard order', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(`${rp.url}/login`);
  const focused = () => page.evaluate<string>('document.activeElement.id || document.activeElement.textContent.trim()');
  await page.getByLabel('Email address').waitFor();
  expect(await focused()).toBe('email');
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('remember');
  await page.keyboard.press('Tab');
  expect(await focused()).toBe('Next');
  const shots = new Screenshots('no-javascript');
  await signInThroughPages(page, shots, false);
  expect(await page.textContent('#user')).toBe(user.email);
  await context.close();
});
