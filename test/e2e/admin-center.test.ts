// As an administrator would, in Chromium: sign in to the Admin Center; invite a user, who activates from
// the email; set up the company's identity provider and enforce SSO, after which a password is refused;
// read that refusal in the audit log. Screenshots of each page under test-artifacts/.
import type { Browser, Page } from 'playwright-core';

import { startCompanyIdp, type CompanyIdp } from '../helpers/company-idp.js';
import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { enterEmail, enterPassword, launchChromium, Screenshots } from '../helpers/chromium.js';
import { linkIn, startSmtpSink, type SmtpSink } from '../helpers/smtp-sink.js';

const admin = { email: 'ada@acme.test', password: 'ada administers acme' };
const member = { email: 'max@contractor.test', password: 'max has a password' };
let sink: SmtpSink;
let app: TestApp;
let idp: CompanyIdp;
let browser: Browser;

beforeAll(async () => {
  sink = await startSmtpSink();
  // The company's provider runs on a loopback address: the operator allows it, as for an on-premises one.
  app = await createTestApp({ env: { SMTP_URL: sink.url, OUTBOUND_ALLOW_PRIVATE: '127.0.0.3' } });
  idp = await startCompanyIdp({
    clients: [{ client_id: 'gotoassist', client_secret: 'company-secret-company-secret-0123', redirect_uris: [`${app.issuer}/sso/callback`] }],
    accounts: { ada: { email: admin.email, email_verified: true, name: 'Ada Admin' } },
  });
  const acme = await app.services.organizations.create('Acme', ['acme.test']);
  for (const [person, isAdmin] of [[admin, true], [member, false]] as const) {
    await app.services.accounts.create(person);
    await app.services.organizations.addMember(acme.id, person.email, isAdmin);
  }
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await idp?.close();
  await app?.close();
  await sink?.close();
});

async function signInToAdminCenter(page: Page, shots: Screenshots) {
  await page.goto(`${app.issuer}/admin/`);
  await shots.take(page, 'landing');
  await page.getByRole('link', { name: 'Sign in' }).click();
  await enterEmail(page, admin.email, { shots });
  await enterPassword(page, admin.password, { shots });
  await page.getByRole('heading', { name: 'Users', exact: true }).waitFor();
}

test('sign in to the Admin Center, invite a user, who activates from the email', async () => {
  const shots = new Screenshots('admin-center-invite');
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInToAdminCenter(page, shots);
  expect(await page.locator('table.users tbody tr').count()).toBe(2);
  await shots.take(page, 'users');

  await page.getByLabel('Email address').fill('ivy@acme.test');
  await page.getByLabel('Name', { exact: true }).fill('Ivy Invitee');
  await page.getByRole('button', { name: 'Invite' }).click();
  await page.getByRole('heading', { name: 'Ivy Invitee' }).waitFor();
  expect(await page.locator('#user-status').textContent()).toBe('Invited');
  await shots.take(page, 'invited');

  const invitee = await (await browser.newContext()).newPage();
  await invitee.goto(linkIn(await sink.next('ivy@acme.test'), `${app.issuer}/activate?token=`));
  await invitee.getByLabel('Create a password').fill('ivy picked a password');
  await invitee.getByLabel('Password again').fill('ivy picked a password');
  await shots.take(invitee, 'activate');
  await invitee.getByRole('button', { name: 'Activate my account' }).click();
  await invitee.getByRole('heading', { name: 'My account' }).waitFor();
  await shots.take(invitee, 'activated');

  await page.reload();
  expect(await page.locator('#user-status').textContent()).toBe('Active');
  await shots.take(page, 'active');
  await context.close();
});

test('on a 390 px phone the users list and the audit log fit the screen: their tables scroll inside, the page does not', async () => {
  const shots = new Screenshots('admin-center-phone');
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  await signInToAdminCenter(page, shots);
  for (const path of ['/admin/users', '/admin/audit']) {
    await page.goto(`${app.issuer}${path}`);
    await page.locator('table.data').first().waitFor();
    const widths = await page.evaluate<{ page: number; screen: number }>('({ page: document.documentElement.scrollWidth, screen: window.innerWidth })');
    expect(widths.page).toBeLessThanOrEqual(widths.screen);
    await shots.take(page, path.slice(7));
  }
  await context.close();
});

test('set up the identity provider, see whom enforcing SSO binds, enforce it: a contractor keeps the password, the audit log says so', async () => {
  const shots = new Screenshots('admin-center-sso');
  const context = await browser.newContext();
  const page = await context.newPage();
  await signInToAdminCenter(page, shots);
  await page.getByRole('link', { name: 'Account settings' }).click();
  await page.getByLabel('Issuer URL').fill(idp.issuer);
  await page.getByLabel('Client ID').fill('gotoassist');
  await page.getByLabel(/^Client secret/).fill('company-secret-company-secret-0123');
  await page.getByRole('button', { name: 'Save identity provider' }).click();
  await page.getByRole('button', { name: 'Test the connection' }).click();
  await page.getByText('The identity provider works.').waitFor();
  await shots.take(page, 'identity-provider-tested');

  // Before turning it on: who would sign in with the provider, who keeps a password.
  const impact = page.locator('#sso-only-impact');
  expect(await impact.textContent()).toContain('would sign in with your identity provider only');
  expect(await page.locator('#sso-only-keep-password').textContent()).toContain(member.email);
  await page.getByLabel(/^Enterprise SSO only/).check();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.getByText('Settings saved.').waitFor();
  expect(await page.getByLabel(/^Enterprise SSO only/).isChecked()).toBe(true);
  await shots.take(page, 'sso-enforced');

  // The contractor (an email the company's provider does not know) still signs in with the password.
  const memberPage = await (await browser.newContext()).newPage();
  await memberPage.goto(`${app.issuer}/account`);
  await enterEmail(memberPage, member.email);
  await enterPassword(memberPage, member.password);
  await memberPage.getByRole('heading', { name: 'My account' }).waitFor();
  await shots.take(memberPage, 'contractor-signed-in');

  await page.getByRole('link', { name: 'Audit log' }).click();
  await page.getByLabel('Type').selectOption('organization');
  await page.getByRole('button', { name: 'Filter' }).click();
  const row = page.locator('table.events tbody tr').first();
  await row.waitFor();
  expect(await row.textContent()).toContain('Settings changed');
  await shots.take(page, 'audit-log');
  await context.close();
});
