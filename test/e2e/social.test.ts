// As a person would, in Chromium: connect a Google account on My account (Google's stand-in on its own
// address), then sign in to an application with 'Sign in with Google'; while signed in at Google, with no
// further steps.
import type { Browser } from 'playwright-core';

import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { enterEmail, enterPassword, launchChromium, Screenshots } from '../helpers/chromium.js';
import { startDemoRpFor, type DemoRp } from '../helpers/demo-rp.js';
import { startSocialStandIn, type SocialStandIn } from '../helpers/social-standins.js';

const user = { email: 'social.browser@example.com', password: 'a password before google' };
let app: TestApp;
let rp: DemoRp;
let google: SocialStandIn;
let browser: Browser;

beforeAll(async () => {
  google = await startSocialStandIn('google', { id: 'browser-client', secret: 'browser-client-secret-0123456789' });
  google.users.set('pat', { id: '1093847561029384756', email: 'pat@gmail.example', name: 'Pat Google' });
  app = await createTestApp({ env: google.env });
  await app.services.accounts.create(user);
  rp = await startDemoRpFor(app);
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await rp?.close();
  await app?.close();
  await google?.close();
});

test('connect Google on My account, then sign in with Google', async () => {
  const shots = new Screenshots('social-google');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${rp.url}/login`);
  await page.getByRole('link', { name: 'Sign in with Google' }).waitFor();
  await shots.take(page, 'sign-in-with-buttons');

  // Not connected yet: Google signs nobody in, and the page says what to do.
  await page.getByRole('link', { name: 'Sign in with Google' }).click();
  await page.waitForURL(`${google.base}/**`);
  await page.getByLabel('User').fill('pat');
  await shots.take(page, 'at-google');
  await page.getByRole('button', { name: 'Allow' }).click();
  await page.getByRole('alert').waitFor();
  expect(await page.getByRole('alert').textContent()).toContain('then connect Google from My account');
  await shots.take(page, 'not-connected');

  await page.goto(`${app.issuer}/account`);
  await enterEmail(page, user.email);
  await enterPassword(page, user.password);
  await page.getByRole('heading', { name: 'Connected accounts' }).waitFor();
  await page.getByRole('link', { name: 'Connect Google' }).click();
  // Signed in at Google in this browser already: it asks only for consent (already given: straight back).
  await page.waitForURL(`${app.issuer}/account?done=connected`);
  expect(await page.locator('table.connections').textContent()).toContain('Connected as pat@gmail.example');
  await shots.take(page, 'connected');
  await context.close();

  // Another browser: sign in with Google.
  const later = await browser.newContext();
  const signIn = await later.newPage();
  await signIn.goto(`${rp.url}/login`);
  await signIn.getByRole('link', { name: 'Sign in with Google' }).click();
  await signIn.waitForURL(`${google.base}/**`);
  await signIn.getByLabel('User').fill('pat');
  await signIn.getByRole('button', { name: 'Allow' }).click();
  await signIn.waitForURL(`${rp.url}/callback**`);
  expect(await signIn.textContent('#user')).toBe(user.email);
  await shots.take(signIn, 'signed-in');

  // Signed out here, still signed in at Google: the button brings the user straight back in.
  await later.clearCookies({ domain: new URL(app.issuer).hostname });
  await signIn.goto(`${rp.url}/login`);
  await signIn.getByRole('link', { name: 'Sign in with Google' }).click();
  await signIn.waitForURL(`${rp.url}/callback**`);
  expect(await signIn.textContent('#user')).toBe(user.email);
  await later.close();
});
