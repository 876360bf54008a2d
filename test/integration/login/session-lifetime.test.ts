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
  app = await createTestApp({ env: { KEEP_SIGNED_IN_TTL: '3', SESSION_TTL: '2' } });
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
  const browser = new TestBrowser();
  await signIn(rp, browser, { ...user, remember: true });
  await sleep(2000);
  expect(await stillSignedIn(browser)).toBe(true); // t=2s: slides to t=5s
  await sleep(2000);
  expect(await stillSignedIn(browser)).toBe(true); // t=4s: past the first 3 s, alive because it slid
  await sleep(3500);
  expect(await stillSignedIn(browser)).toBe(false); // 3.5 s of nothing: ended
});

test('a session that is not kept ends after its own, shorter idle time', async () => {
  const browser = new TestBrowser();
  await signIn(rp, browser, { ...user, remember: false });
  await sleep(2500);
  expect(await stillSignedIn(browser)).toBe(false);
});
