// "Keep me signed in": the session lives while there is activity and ends after a period of none
// (30 days in production; a few seconds here, by configuration).
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, discover, registerClient, signIn, toCallback } from '../../helpers/relying-party.js';

const user = { email: 'sliding@example.com', password: 'keeps sliding along' };
let app: TestApp;
let rp: oidc.Configuration;

beforeAll(async () => {
  app = await createTestApp({ env: { KEEP_SIGNED_IN_TTL: '8', SESSION_TTL: '4' } });
  await app.services.accounts.create(user);
  rp = await discover(app, await registerClient(app, { firstParty: true }));
});
afterAll(() => app.close());

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Whether an authorization request in this browser comes straight back without asking anything. */
async function stillSignedIn(browser: TestBrowser): Promise<boolean> {
  const { url } = await authorizationRequest(rp);
  return (await browser.navigate(url.toString(), { stopAt: toCallback })).stoppedAt !== undefined;
}

test('activity keeps a kept session alive past its idle time; inactivity ends it', async () => {
  // Seconds with a margin of two or more each way: a loaded machine takes a while over each sign-in step.
  const browser = new TestBrowser();
  await signIn(rp, browser, { ...user, remember: true });
  await sleep(5000);
  expect(await stillSignedIn(browser)).toBe(true); // t=5s: slides to t=13s
  await sleep(5000);
  expect(await stillSignedIn(browser)).toBe(true); // t=10s: past the first 8 s, alive because it slid
  await sleep(10_000);
  expect(await stillSignedIn(browser)).toBe(false); // 10 s of nothing: ended
}, 60_000);

test('a session that is not kept ends after its own, shorter idle time', async () => {
  const browser = new TestBrowser();
  await signIn(rp, browser, { ...user, remember: false });
  await sleep(6000);
  expect(await stillSignedIn(browser)).toBe(false);
});
