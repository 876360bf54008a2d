// As a person would, in Chromium, with a SAML 2.0 company identity provider (SimpleSAMLphp, another site):
// email, Continue, the company's sign-in page, and back. The company's page posts the response to us
// across sites, so the browser sends none of our SameSite=Lax cookies with that post: the sign-in must be
// found again without them (RelayState, then a GET that carries them). Only a real browser shows this.
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

beforeAll(async () => {
  app = await createTestApp();
  rp = await startDemoRpFor(app);
  idp = await startSamlIdp({
    users: [{ username: 'zoe', password: 'zoe-company-password', attributes: { email: ['zoe@initech.test'], displayName: ['Zoe Initech'] } }],
  });
  const sp = serviceProvider(app.issuer);
  idp.trust({ entityId: sp.entityId, acsUrl: sp.acsUrl });
  const initech = await app.services.organizations.create('Initech', ['initech.test']);
  await app.services.organizations.setSamlConnection(initech.id, { entityId: idp.entityId, ssoUrl: idp.ssoUrl, certificates: [idp.certificate] });
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
