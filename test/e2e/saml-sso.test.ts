// As a person would, in Chromium, with a SAML 2.0 company identity provider (SimpleSAMLphp, another site):
// email, Continue, the company's sign-in page, and back. The company's page posts the response to us
// across sites, so the browser sends none of our SameSite=Lax cookies with that post: the sign-in must be
// found again without them (RelayState, then a GET that carries them). Only a real browser shows this.
// IdP-initiated too: from the company's portal to the application, signed in, with no page of ours.
import type { Browser } from 'playwright-core';

import { serviceProvider } from '../../src/federation/saml/service-provider.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { enterEmail, launchChromium, Screenshots } from '../helpers/chromium.js';
import { startDemoRpFor, type DemoRp } from '../helpers/demo-rp.js';
import { startSamlIdp, type SamlIdp } from '../helpers/saml-idp.js';

let app: TestApp;
let rp: DemoRp;
let idp: SamlIdp;
let browser: Browser;
const START = 'https://127.0.0.2:9/start';

beforeAll(async () => {
  app = await createTestApp();
  rp = await startDemoRpFor(app);
  idp = await startSamlIdp({
    users: [{ username: 'zoe', password: 'zoe-company-password', attributes: { email: ['zoe@initech.test'], displayName: ['Zoe Initech'] } }],
  });
  const sp = serviceProvider(app.issuer);
  idp.trust({ entityId: sp.entityId, acsUrl: sp.acsUrl });
  const initech = await app.services.organizations.create('Initech', ['initech.test']);
  // The application's login initiation endpoint must be https, which no server here is: the browser stops
  // there, and the test does what that endpoint would (it sends the user to the application's /login).
  const client = (await app.services.clientRepository.find(rp.clientId))!;
  await app.services.clientRepository.upsert({ ...client, metadata: { ...client.metadata, initiate_login_uri: START } });
  await app.services.organizations.setSamlConnection(initech.id, {
    entityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: [idp.certificate], idpInitiatedClientId: rp.clientId,
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await rp?.close();
  await app?.close();
});

test('company email, the company\'s SAML sign-in page, back signed in', async () => {
  const shots = new Screenshots('saml-sso');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${rp.url}/login`);
  await enterEmail(page, 'zoe@initech.test', { shots });
  await page.getByRole('link', { name: 'Continue' }).click();
  await page.waitForURL(`${idp.baseUrl}/**`);
  await page.locator('input[name="username"]').waitFor();
  await page.fill('input[name="username"]', 'zoe');
  await page.fill('input[name="password"]', 'zoe-company-password');
  await shots.take(page, 'company-sign-in');
  await page.locator('form:has(input[name="password"]) button[type="submit"]').first().click();
  // Its page posts the response to our Assertion Consumer Service by itself (a script on its page).
  await page.waitForURL(`${rp.url}/callback**`, { timeout: 30_000 });
  await shots.take(page, 'signed-in');
  expect(await page.textContent('#user')).toBe('zoe@initech.test');
  await context.close();
});

test('IdP-initiated: from the company\'s portal, its sign-in page, to the application, signed in', async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const toApplication = page.waitForEvent('requestfailed', (request) => request.url().startsWith(START));
  await page.goto(`${idp.ssoUrl}?spentityid=${encodeURIComponent(serviceProvider(app.issuer).entityId)}`);
  await page.locator('input[name="username"]').waitFor();
  await page.fill('input[name="username"]', 'zoe');
  await page.fill('input[name="password"]', 'zoe-company-password');
  await page.locator('form:has(input[name="password"]) button[type="submit"]').first().click();
  // Its page posts the response across sites; our GET after it sets the cookie that the authorization finds.
  const start = new URL((await toApplication).url());
  expect(start.searchParams.get('iss')).toBe(app.issuer);
  // In a new tab of this browser (the first ends on Chromium's error page for that address).
  const tab = await context.newPage();
  await tab.goto(`${rp.url}/login?${start.searchParams.toString()}`);
  await tab.waitForURL(`${rp.url}/callback**`, { timeout: 30_000 });
  expect(await tab.textContent('#user')).toBe('zoe@initech.test');
  await context.close();
});
