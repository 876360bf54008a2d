// As a person would, in Chromium: an email of a company with its own sign-in takes the browser to the
// company's provider (Continue; a meta refresh when it is the only way in), and back, signed in.
import type { Browser } from 'playwright-core';

import { startCompanyIdp, type CompanyIdp } from '../helpers/company-idp.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { enterEmail, launchChromium, Screenshots } from '../helpers/chromium.js';
import { startDemoRpFor, type DemoRp } from '../helpers/demo-rp.js';

let app: TestApp;
let rp: DemoRp;
let idp: CompanyIdp;
let browser: Browser;

beforeAll(async () => {
  app = await createTestApp();
  rp = await startDemoRpFor(app);
  idp = await startCompanyIdp({
    clients: [{ client_id: 'gotoassist', client_secret: 'company-secret-company-secret-0123', redirect_uris: [`${app.issuer}/sso/callback`] }],
    accounts: { 'zoe@globex.test': { email: 'zoe@globex.test', email_verified: true, name: 'Zoe Globex' } },
  });
  const globex = await app.services.organizations.create('Globex', ['globex.test']);
  await app.services.organizations.setConnection(globex.id, { issuer: idp.issuer, clientId: 'gotoassist', clientSecret: 'company-secret-company-secret-0123' });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await rp?.close();
  await app?.close();
});

test('company email, company sign-in, back signed in', async () => {
  const shots = new Screenshots('enterprise-sso');
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${rp.url}/login`);
  await enterEmail(page, 'zoe@globex.test', { shots });
  // The page in between: Continue to the company's sign-in page (or 'Use my password instead').
  await page.getByRole('link', { name: 'Use my password instead' }).waitFor();
  await shots.take(page, 'company-or-password');
  await page.getByRole('link', { name: 'Continue' }).click();
  await page.waitForURL(`${idp.issuer}/**`);
  await page.locator('input[name="login"]').waitFor();
  expect(await page.inputValue('input[name="login"]')).toBe('zoe@globex.test');
  await page.fill('input[name="password"]', 'company password');
  await shots.take(page, 'company-sign-in');
  await page.click('button[type="submit"]');
  await page.waitForURL(`${rp.url}/callback**`);
  await shots.take(page, 'signed-in');
  expect(await page.textContent('#user')).toBe('zoe@globex.test');
  await context.close();
});
