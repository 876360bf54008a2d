// Front-channel logout in Chromium: a person signed in to two applications signs out of one; the page the
// provider shows loads each application's front-channel logout page in a hidden iframe (with iss and its
// sid), and then goes on by itself to the application's post-logout page. The other application's
// session is over, though nobody told it anything but through the browser.
import type { Browser } from 'playwright-core';

import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { enterEmail, enterPassword, launchChromium, Screenshots } from '../helpers/chromium.js';
import { startDemoRpFor, type DemoRp } from '../helpers/demo-rp.js';

const user = { email: 'front.channel.browser@example.com', password: 'frames in a real browser' };
let app: TestApp;
let support: DemoRp;
let notes: DemoRp;
let browser: Browser;

beforeAll(async () => {
  app = await createTestApp();
  await app.services.accounts.create(user);
  support = await startDemoRpFor(app, { clientId: 'support-app', frontchannel: true });
  notes = await startDemoRpFor(app, { clientId: 'notes-app', frontchannel: true });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await support?.close();
  await notes?.close();
  await app?.close();
});

test('signing out of one application signs the browser out of the other through its front-channel page', async () => {
  const shots = new Screenshots('frontchannel-logout');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${support.url}/login`);
  await enterEmail(page, user.email);
  await enterPassword(page, user.password);
  await page.waitForURL(`${support.url}/callback**`);
  // The second application: the provider's session signs it in without a question.
  await page.goto(`${notes.url}/login`);
  await page.waitForURL(`${notes.url}/callback**`);
  await page.goto(notes.url);
  expect(await page.textContent('#user')).toBe(user.email);

  await page.goto(support.url);
  await shots.take(page, 'signed-in');
  await page.click('#sign-out');
  // Our own application with its ID token: signed out at once, then the frames, then back by itself.
  await page.waitForURL(support.postLogoutRedirectUri, { timeout: 15_000 });
  await shots.take(page, 'signed-out');

  expect(support.frontchannelCalls).toHaveLength(1);
  expect(notes.frontchannelCalls).toHaveLength(1);
  for (const call of [...support.frontchannelCalls, ...notes.frontchannelCalls]) {
    expect(call.get('iss')).toBe(app.issuer);
    expect(call.get('sid')).toEqual(expect.any(String));
  }
  await page.goto(notes.url);
  expect(await page.locator('#sign-in').count()).toBe(1);
  await context.close();
}, 60_000);
