// The Admin Center's pages over HTTP, as a browser uses them: it signs in through the provider as a
// relying party (admin-center client, code + PKCE), lets only administrators in, honours sign-outs made
// anywhere, and its forms (CSRF-protected) drive the same services as the API.
import { totpCode } from '../../../src/mfa/totp.js';
import { TestBrowser } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { linkIn, type SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { createOrganization, openAdmin as openAdminAt, type Person, type TestOrganization } from './admin-helpers.js';

const clock = new TestClock();
let app: TestApp;
let sink: SmtpSink;
let acme: TestOrganization;

beforeAll(async () => {
  ({ app, sink } = await createTestbed({ clock }));
  acme = await createOrganization(app, 'Acme', 'acme.test');
});
afterAll(() => closeTestbed({ app, sink }));


/** Opens `path` of the Admin Center, signing in on the way with email and password. */
const openAdmin = (browser: TestBrowser, who: Pick<Person, 'email' | 'password'>, path?: string) => openAdminAt(app, browser, who, path);

test('the landing page offers to sign in; a page of the Admin Center goes through the sign-in and comes back to it', async () => {
  const landing = await new TestBrowser().navigate(`${app.issuer}/admin/`);
  expect(landing.page.document.querySelector('a.button-link')?.getAttribute('href')).toBe('/admin/login');

  const browser = new TestBrowser();
  const users = await openAdmin(browser, acme.admin, '/admin/settings');
  expect(users.page.url).toBe(`${app.issuer}/admin/settings`);
  expect(users.page.document.querySelector('h1')?.text).toBe('Account settings');
  expect(users.page.document.querySelector('.signed-in-as')?.text).toBe(acme.admin.email);
  expect(users.page.document.querySelector('.organization')?.text).toContain('Acme');
  // The provider saw an ordinary relying party: the admin-center client, by authorization code.
  const events = await app.services.audit.list({ organizationId: acme.organization.id, accountId: acme.admin.id, category: 'sign_in' }, { offset: 0, limit: 1 });
  expect(events.events[0]).toMatchObject({ type: 'sign_in.succeeded', clientId: 'admin-center' });
});

test('someone who is not an administrator is told so', async () => {
  const outcome = await openAdmin(new TestBrowser(), acme.user);
  expect(outcome.page.status).toBe(403);
  expect(outcome.page.document.querySelector('h1')?.text).toBe('Not an administrator');
  // Its own address: the callback's code is not left in the address bar.
  expect(outcome.page.url).toBe(`${app.issuer}/admin/not-administrator`);
});

test('the users list searches and links to each user; inviting sends the email and shows the new user', async () => {
  const browser = new TestBrowser();
  const list = await openAdmin(browser, acme.admin);
  expect(list.page.document.querySelectorAll('table.users tbody tr').map((row) => row.querySelectorAll('td')[1]!.text.trim()))
    .toEqual(['admin@acme.test', 'user@acme.test']);
  const searched = await browser.navigate(`${app.issuer}/admin/users?search=USER`);
  expect(searched.page.document.querySelectorAll('table.users tbody tr')).toHaveLength(1);

  await app.services.storage.database.sql.query('UPDATE accounts SET name = $1 WHERE id = $2', ["Ada O'Hara", acme.admin.id]);
  const invited = await browser.submit(list.page, 'form[action="/admin/users/invite"]', { email: 'newbie@acme.test', name: 'New Bie' });
  expect(invited.page.url).toMatch(/\/admin\/users\/[0-9a-f-]{36}\?done=invited$/);
  expect(invited.page.document.querySelector('#user-status')?.text).toBe('Invited');
  expect(invited.page.document.querySelector('.notice')?.text).toBe('Invitation sent.');
  const mail = await sink.next('newbie@acme.test');
  expect(linkIn(mail, `${app.issuer}/activate?token=`)).toBeTruthy();
  // The email names who invited (name and address) and the company.
  expect(mail.subject).toBe("Ada O'Hara (admin@acme.test) invited you to join Acme on GoToAssist");
  expect(mail.text).toContain("Ada O'Hara (admin@acme.test) gave you access to GoToAssist for Acme.");
  await app.services.storage.database.sql.query('UPDATE accounts SET name = NULL WHERE id = $1', [acme.admin.id]);

  const again = await browser.submit(list.page, 'form[action="/admin/users/invite"]', { email: 'newbie@acme.test' });
  expect(again.page.status).toBe(409);
  expect(again.page.document.querySelector('#invite-error')?.text).toContain('already a user');
});

test("a user's page: suspend, reactivate, make administrator; the last administrator is protected", async () => {
  const browser = new TestBrowser();
  await openAdmin(browser, acme.admin);
  const page = await browser.navigate(`${app.issuer}/admin/users/${acme.user.id}`);
  const suspended = await browser.submit(page.page, `form[action="/admin/users/${acme.user.id}/suspend"]`);
  expect(suspended.page.document.querySelector('#user-status')?.text).toBe('Suspended');
  const reactivated = await browser.submit(suspended.page, `form[action="/admin/users/${acme.user.id}/reactivate"]`);
  expect(reactivated.page.document.querySelector('#user-status')?.text).toBe('Active');

  const self = await browser.navigate(`${app.issuer}/admin/users/${acme.admin.id}`);
  expect(self.page.document.querySelector(`form[action="/admin/users/${acme.admin.id}/suspend"]`)).toBeNull();
  const demote = await browser.submit(self.page, `form[action="/admin/users/${acme.admin.id}/remove-admin"]`);
  expect(demote.page.status).toBe(409);
  expect(demote.page.document.querySelector('[role="alert"]')?.text).toContain('at least one active administrator');
});

test('forms refuse a post without the CSRF token', async () => {
  const browser = new TestBrowser();
  await openAdmin(browser, acme.admin);
  const forged = await browser.request(`${app.issuer}/admin/users/${acme.user.id}/suspend`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: '',
  });
  expect(forged.status).toBe(403);
  expect((await app.services.accountRepository.findById(acme.user.id))!.status).toBe('ACTIVE');
});

test('sign out: the Admin Center session ends, and the provider session too (RP-initiated logout)', async () => {
  const browser = new TestBrowser();
  const users = await openAdmin(browser, acme.admin);
  const confirm = await browser.submit(users.page, 'form[action="/admin/logout"]');
  expect(confirm.page.url.startsWith(`${app.issuer}/session/end`)).toBe(true);
  const done = await browser.submit(confirm.page, 'form#op\\.logoutForm', { logout: 'yes' });
  expect(done.page.url).toBe(`${app.issuer}/admin/`);
  const after = await browser.navigate(`${app.issuer}/admin/users`);
  expect(after.page.url).toContain('/interaction/');
});

test('signing out elsewhere (everywhere, from My account) ends the Admin Center session', async () => {
  const browser = new TestBrowser();
  await openAdmin(browser, acme.admin);
  await app.services.sessions.signOutEverywhere(acme.admin.id);
  const after = await browser.navigate(`${app.issuer}/admin/users`);
  expect(after.page.url).toContain('/interaction/');
});

test('an organization that requires two-step verification: the Admin Center asks for it', async () => {
  const admin = await app.services.accounts.create({ email: 'secure.admin@acme.test', password: 'secure admin password' });
  await app.services.organizations.addMember(acme.organization.id, admin.email, true);
  const { secret } = await app.services.twoStep.enrolment(admin);
  await app.services.twoStep.confirm(admin, await totpCode(secret, clock.now()));
  clock.advance(30_000);
  await app.services.organizations.update(acme.organization.id, { requireMfa: true });
  try {
    const browser = new TestBrowser();
    const codePage = await openAdmin(browser, { email: admin.email, password: 'secure admin password' });
    expect(codePage.page.url).toMatch(/\/mfa$/);
    const inside = await browser.submit(codePage.page, 'form[action$="/mfa"]', { code: await totpCode(secret, clock.now()) });
    expect(inside.page.url).toBe(`${app.issuer}/admin/users`);
  } finally {
    await app.services.organizations.update(acme.organization.id, { requireMfa: false });
  }
});

test('settings, domains, applications and the audit log, through their forms', async () => {
  const browser = new TestBrowser();
  const settings = await openAdmin(browser, acme.admin, '/admin/settings');
  const saved = await browser.submit(settings.page, 'form[action="/admin/settings"]', {
    name: 'Acme Corporation', loginVerification: 'off', sessionMaxHours: '12',
  });
  expect(saved.page.url).toBe(`${app.issuer}/admin/settings?done=saved#general`);
  expect((await app.services.organizations.get(acme.organization.id))).toMatchObject({ name: 'Acme Corporation', loginVerification: false, sessionMaxHours: 12 });
  expect(saved.page.document.querySelector('label[for="require-passkey"]')?.text).toContain('Require a passkey for all users');
  const keyed = await browser.submit(saved.page, 'form[action="/admin/settings"]', { loginVerification: 'off', requirePasskey: 'on' });
  expect((await app.services.organizations.get(acme.organization.id)).requirePasskey).toBe(true);
  expect(keyed.page.document.querySelector('#require-passkey')?.hasAttribute('checked')).toBe(true);
  await app.services.organizations.update(acme.organization.id, { requirePasskey: false });
  const sso = await browser.submit(saved.page, 'form[action="/admin/settings"]', { name: 'Acme Corporation', loginVerification: 'default', sessionMaxHours: '', ssoOnly: 'on' });
  expect(sso.page.status).toBe(409);
  expect(sso.page.document.querySelector('#general-error')?.text).toContain('Set up your identity provider');

  const domain = await browser.submit(saved.page, 'form[action="/admin/settings/domains"]', { domain: 'acme-labs.test' });
  expect(domain.page.document.querySelector('table.domains')?.text).toContain('_gotoassist-verification.acme-labs.test');

  const clients = await browser.navigate(`${app.issuer}/admin/clients`);
  const created = await browser.submit(clients.page, 'form[action="/admin/clients"]', {
    name: 'Intranet', type: 'web', redirectUris: 'https://intranet.acme.test/callback\r\n', postLogoutRedirectUris: '',
  });
  expect(created.page.status).toBe(201);
  const secret = created.page.document.querySelector('#client-secret')!.text;
  expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
  const clientPage = await browser.navigate(new URL(`/admin/clients/${created.page.document.querySelector('#client-id')!.text}`, app.issuer).toString());
  expect(clientPage.page.body).not.toContain(secret);
  // Its protocol settings, on the same page: DPoP, signed request objects, back- and front-channel logout URIs.
  const protocol = await browser.submit(clientPage.page, `form[action="/admin/clients/${created.page.document.querySelector('#client-id')!.text}"]`, {
    requireDpop: 'on', requireSignedRequestObject: 'on', tokenExchange: 'on', backchannelLogoutUri: 'https://intranet.acme.test/logout',
    frontchannelLogoutUri: 'https://intranet.acme.test/frontchannel-logout',
  });
  expect(protocol.page.document.querySelector('#require-dpop')?.hasAttribute('checked')).toBe(true);
  expect(protocol.page.document.querySelector('#require-signed-request-object')?.hasAttribute('checked')).toBe(true);
  expect(protocol.page.document.querySelector('#token-exchange')?.hasAttribute('checked')).toBe(true);
  expect(protocol.page.document.querySelector('#backchannel-logout-uri')?.getAttribute('value')).toBe('https://intranet.acme.test/logout');
  expect(protocol.page.document.querySelector('#frontchannel-logout-uri')?.getAttribute('value')).toBe('https://intranet.acme.test/frontchannel-logout');
  // A device: no redirect URIs, a code at /device.
  const tv = await browser.submit(clients.page, 'form[action="/admin/clients"]', { name: 'Lobby TV', type: 'device', redirectUris: '', postLogoutRedirectUris: '' });
  expect(tv.page.status).toBe(201);
  expect(tv.page.body).toContain('Device without a browser');
  expect(tv.page.document.querySelector('#client-secret')).toBeNull();

  const audit = await browser.navigate(`${app.issuer}/admin/audit?category=client`);
  expect(audit.page.document.querySelectorAll('table.events tbody tr').map((row) => row.querySelectorAll('td')[1]!.text.replace(/\s+/g, ' '))).toContain('Client created Intranet');
  const csv = await browser.request(`${app.issuer}/admin/audit.csv?category=organization`);
  expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(await csv.text()).toContain('organization.domain_added');
});

test("before 'Enterprise SSO only' is on, the settings page says whom it binds; an administrator's page keeps break-glass access", async () => {
  const outsider = { email: 'temp@staffing.test', password: 'a contractor password' };
  await app.services.accounts.create(outsider);
  await app.services.organizations.addMember(acme.organization.id, outsider.email, false);
  const browser = new TestBrowser();
  const settings = (await openAdmin(browser, acme.admin, '/admin/settings')).page;
  const impact = settings.document.querySelector('#sso-only-impact')!;
  // admin@, user@ and the invited @acme.test users are in the verified domain; the contractor is not, and keeps a password.
  const inDomain = (await app.services.admin.members.list(acme.context, { offset: 0, limit: 100 }))
    .members.filter((member) => member.email.endsWith('@acme.test') && member.status !== 'SUSPENDED').length;
  expect(impact.text.replace(/\s+/g, ' ')).toContain(`${inDomain} user(s) with an email in your verified domains would sign in with your identity provider only.`);
  expect(impact.querySelectorAll('#sso-only-keep-password li').map((item) => item.text)).toEqual([outsider.email]);
  expect(impact.text).toContain('No administrator keeps break-glass access');

  const adminPage = (await browser.navigate(`${app.issuer}/admin/users/${acme.admin.id}`)).page;
  const kept = await browser.submit(adminPage, `form[action="/admin/users/${acme.admin.id}/break-glass-on"]`);
  expect(kept.page.document.querySelector('#user-break-glass')?.text).toContain('set up two-step verification first');
  const userPage = (await browser.navigate(`${app.issuer}/admin/users/${acme.user.id}`)).page;
  expect(userPage.document.querySelector('form[action$="/break-glass-on"]')).toBeNull(); // administrators only

  const after = (await browser.navigate(`${app.issuer}/admin/settings`)).page;
  expect(after.document.querySelectorAll('#sso-only-break-glass li').map((item) => item.text.trim()))
    .toEqual([`${acme.admin.email} (no two-step verification yet: refused until they set it up)`]);
  expect(after.document.querySelector('#sso-only-impact')!.text).toContain(`${inDomain - 1} user(s) with an email in your verified domains`);
  const ended = await browser.submit(kept.page, `form[action="/admin/users/${acme.admin.id}/break-glass-off"]`);
  expect(ended.page.document.querySelector('.notice')?.text).toBe('Break-glass access ended.');
});

test('an administrator of this server without a company account creates one, and is its administrator', async () => {
  const founder = await app.services.accounts.create({ email: 'founder@startup.test', password: 'founder password here', admin: true });
  const browser = new TestBrowser();
  const setup = await openAdmin(browser, { email: founder.email, password: 'founder password here' });
  expect(setup.page.url).toBe(`${app.issuer}/admin/setup`);
  const done = await browser.submit(setup.page, 'form[action="/admin/setup"]', { name: 'Startup Inc' });
  expect(done.page.url).toBe(`${app.issuer}/admin/users?done=created`);
  expect(done.page.document.querySelector('.organization')?.text).toContain('Startup Inc');
  expect((await app.services.organizations.membershipOf(founder.id))).toMatchObject({ isAdmin: true, organization: { name: 'Startup Inc' } });
});

test('the sign-in state of the Admin Center cannot be replayed or forged', async () => {
  const forged = await new TestBrowser().navigate(`${app.issuer}/admin/callback?code=x&state=${'y'.repeat(43)}`);
  expect(forged.page.status).toBe(400);
  expect(forged.page.body).toContain('did not start in this browser');
});


test('My account links the Admin Center for administrators only', async () => {
  const adminBrowser = new TestBrowser();
  const adminAccount = await openAdmin(adminBrowser, acme.admin, '/account');
  expect(adminAccount.page.document.querySelector('.admin-link a')?.getAttribute('href')).toBe('/admin/');
  const userAccount = await openAdmin(new TestBrowser(), acme.user, '/account');
  expect(userAccount.page.document.querySelector('h1')?.text).toBe('My account');
  expect(userAccount.page.document.querySelector('.admin-link')).toBeNull();
});

test('audit events older than the retention are removed', async () => {
  const before = await app.services.audit.list({ organizationId: acme.organization.id }, { offset: 0, limit: 1 });
  expect(before.total).toBeGreaterThan(0);
  expect(await app.services.audit.prune(365)).toBe(0);
  clock.advance(366 * 24 * 3600_000);
  expect(await app.services.audit.prune(365)).toBeGreaterThanOrEqual(before.total);
  expect((await app.services.audit.list({ organizationId: acme.organization.id }, { offset: 0, limit: 1 })).total).toBe(0);
});
