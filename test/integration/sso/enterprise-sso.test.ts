// Enterprise single sign-on against a second, independent OpenID provider (oidc-provider on its own
// address, with its own accounts): home-realm discovery, the company's sign-in, just-in-time members,
// linking, claims, two-step verification after it, and 'Enterprise SSO only'.
import * as oidc from 'openid-client';

import { totpCode } from '../../../src/mfa/totp.js';
import type { Organization } from '../../../src/organizations/organization.js';
import { ACR } from '../../../src/provider/acr.js';
import { TestBrowser } from '../../helpers/browser.js';
import { startCompanyIdp, type CompanyIdp } from '../../helpers/company-idp.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, signInThroughForms, toCallback, type AuthorizationRequest } from '../../helpers/relying-party.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { enrolThroughAccountPage, exchange } from '../mfa/mfa-helpers.js';
import { signInAtCompany, toCompany } from './sso-helpers.js';

const clock = new TestClock();
let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let idp: CompanyIdp;
let acme: Organization;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({ clock }));
  idp = await startCompanyIdp({
    clients: [{
      client_id: 'gotoassist', client_secret: 'company-secret-company-secret-0123', redirect_uris: [`${app.issuer}/sso/callback`],
    }],
    accounts: {
      alice: { email: 'alice@acme.test', email_verified: true, name: 'Alice Acme' },
      bob: { email: 'bob@acme.test', email_verified: true, name: 'Bob Acme' },
      dora: { email: 'dora@acme.test', email_verified: true, name: 'Dora Acme' },
      mallory: { email: 'victim@elsewhere.test', email_verified: true, name: 'Mallory' },
      unverified: { email: 'unverified@acme.test', email_verified: false },
      nobody: { name: 'No Email' },
    },
  });
  acme = await app.services.organizations.create('Acme Corp', ['acme.test']);
  await app.services.organizations.setConnection(acme.id, {
    issuer: idp.issuer, clientId: 'gotoassist', clientSecret: 'company-secret-company-secret-0123',
  });
});
afterAll(async () => {
  await idp?.close();
  await closeTestbed({ app, sink });
});

async function companySignIn(login: string, email: string, browser = new TestBrowser(), params: Record<string, string> = {}) {
  const request = await authorizationRequest(rp, params);
  const atCompany = await toCompany(browser, request.url.toString(), email);
  const back = await signInAtCompany(browser, atCompany, login);
  return { request, back, browser };
}

const tokensOf = async (request: AuthorizationRequest, callback: string | undefined) => {
  if (!callback) {
    throw new Error('the sign-in did not come back to the client');
  }
  return exchange(rp, callback, request);
};

test('an email of a company with its own sign-in goes there: a page in between with Continue or "Use my password instead"', async () => {
  const browser = new TestBrowser();
  const { url } = await authorizationRequest(rp);
  const page1 = await browser.navigate(url.toString(), { stopAt: toCallback });
  const between = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: 'Alice@ACME.test' });
  expect(between.page.document.querySelector('h1')?.text).toBe('Company sign-in');
  expect(between.page.document.querySelector('a.button-link')?.text).toBe('Continue');
  // Not the only way in: the user chooses, the page does not go on by itself.
  expect(between.page.document.querySelector('meta[http-equiv="refresh"]')).toBeNull();
  expect(between.page.document.querySelector('a#use-password')?.text).toBe('Use my password instead');
  expect(between.page.body).toContain('Acme Corp');

  const atCompany = await browser.navigate(new URL(between.page.document.querySelector('a.button-link')!.getAttribute('href')!, between.page.url).toString());
  expect(atCompany.page.url.startsWith(idp.issuer)).toBe(true);
  // The address typed on page 1 goes along as login_hint.
  expect(atCompany.page.document.querySelector('input[name="login"]')?.getAttribute('value')).toBe('alice@acme.test');
});

test('other emails go on to the password page as before', async () => {
  const browser = new TestBrowser();
  const { url } = await authorizationRequest(rp);
  const page1 = await browser.navigate(url.toString(), { stopAt: toCallback });
  const next = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: 'someone@other.test' });
  expect(next.page.url).toMatch(/\/login\/password$/);
});

test('an unknown company user becomes a member just in time; the ID token says fed', async () => {
  const { request, back } = await companySignIn('alice', 'alice@acme.test');
  const tokens = await tokensOf(request, back.stoppedAt);
  expect(tokens.claims()).toMatchObject({ email: 'alice@acme.test', name: 'Alice Acme', email_verified: true, amr: ['fed'], acr: ACR.singleFactor });
  const account = await app.services.accountRepository.findByEmail('alice@acme.test');
  expect((await app.services.organizations.membershipOf(account!.id))?.organizationId).toBe(acme.id);
  expect(tokens.claims()!.sub).toBe(account!.id);
  // The creation is an event of its own in the audit log, before the sign-in.
  const events = await app.services.storage.database.sql.query<{ type: string; details: Record<string, unknown> }>(
    'SELECT type, details FROM audit_events WHERE account_id = $1 ORDER BY occurred_at', [account!.id]);
  expect(events.map((event) => event.type)).toEqual(['account.created', 'sign_in.succeeded']);
  expect(events[0]!.details).toMatchObject({ via: 'jit', issuer: idp.issuer });

  // The second time the link finds the same account.
  const again = await companySignIn('alice', 'alice@acme.test');
  expect((await tokensOf(again.request, again.back.stoppedAt)).claims()!.sub).toBe(account!.id);
});

test('an existing account with the email is linked, and joins the organization', async () => {
  const bob = await app.services.accounts.create({ email: 'bob@acme.test', password: 'bob had a password' });
  const { request, back } = await companySignIn('bob', 'bob@acme.test');
  expect((await tokensOf(request, back.stoppedAt)).claims()!.sub).toBe(bob.id);
  expect(await app.services.identities.listForAccount(bob.id)).toEqual([expect.objectContaining({ source: expect.stringMatching(/^connection:/), subject: 'bob' })]);
});

test('nothing links on an email from a domain the organization has not claimed', async () => {
  const victim = await app.services.accounts.create({ email: 'victim@elsewhere.test', password: 'victim password here' });
  const { back } = await companySignIn('mallory', 'mallory@acme.test');
  expect(back.stoppedAt).toBeUndefined();
  expect(back.page.status).toBe(400);
  expect(back.page.body).toContain('not in a domain of your organization');
  expect(await app.services.identities.listForAccount(victim.id)).toEqual([]);
});

test('an email the company marks unverified, or none at all, links nothing', async () => {
  for (const login of ['unverified', 'nobody']) {
    const { back } = await companySignIn(login, `${login}@acme.test`);
    expect(back.page.status).toBe(400);
    expect(back.page.body).toContain('did not give a verified email address');
  }
});

test('without just-in-time members, an unknown company user is told to ask for an invitation', async () => {
  await app.services.organizations.update(acme.id, { jitProvisioning: false });
  try {
    const { back } = await companySignIn('dora', 'dora@acme.test');
    expect(back.page.body).toContain('Ask your administrator to invite you');
    expect(await app.services.accountRepository.findByEmail('dora@acme.test')).toBeUndefined();
  } finally {
    await app.services.organizations.update(acme.id, { jitProvisioning: true });
  }
});

test('two-step verification still applies after the company sign-in, unless the organization waives it', async () => {
  const first = await companySignIn('dora', 'dora@acme.test'); // dora joins, with a fresh session in this browser
  const { secret } = await enrolThroughAccountPage(app, first.browser, { email: 'dora@acme.test', password: 'unused' }, clock);
  clock.advance(30_000);

  const second = await companySignIn('dora', 'dora@acme.test');
  expect(second.back.page.url).toMatch(/\/mfa$/);
  const finished = await second.browser.submit(second.back.page, 'form[action$="/mfa"]', { code: await totpCode(secret, clock.now()) },
    { stopAt: toCallback });
  expect((await tokensOf(second.request, finished.stoppedAt)).claims()).toMatchObject({ amr: ['fed', 'otp'], acr: ACR.multiFactor });

  await app.services.organizations.update(acme.id, { waiveMfaForSso: true });
  try {
    const waived = await companySignIn('dora', 'dora@acme.test');
    expect((await tokensOf(waived.request, waived.back.stoppedAt)).claims()!.amr).toEqual(['fed']);
  } finally {
    await app.services.organizations.update(acme.id, { waiveMfaForSso: false });
  }
});

describe("'Enterprise SSO only'", () => {
  // Carol's email is outside Acme's domains (a contractor); Cody's is in them.
  const carol = { email: 'carol@contractor.test', password: 'carol uses a password' };
  const cody = { email: 'cody@acme.test', password: 'cody made a password' };
  beforeAll(async () => {
    for (const person of [carol, cody]) {
      await app.services.accounts.create(person);
      await app.services.organizations.addMember(acme.id, person.email, false);
    }
  });
  afterEach(() => app.services.organizations.update(acme.id, { ssoOnly: false }));

  /** The password page reached by hand (the page in between offers no password any more). */
  const passwordByHand = async (person: { email: string; password: string }, browser = new TestBrowser(), params: Record<string, string> = {}) => {
    const start = await browser.navigate((await authorizationRequest(rp, params)).url.toString(), { stopAt: toCallback });
    const next = await browser.submit(start.page, 'form[action$="/login/identifier"]', { email: person.email });
    const uid = /\/interaction\/([^/?]+)/.exec(next.page.url)![1]!;
    const typed = await browser.navigate(`${app.issuer}/interaction/${uid}/login/password`);
    return browser.submit(typed.page, 'form[action$="/login/password"]', { password: person.password }, { stopAt: toCallback });
  };

  test('a member of the domains signs in with a password while it is off, and is refused once it is on, with one way on', async () => {
    expect((await passwordByHand(cody)).stoppedAt).toBeDefined();
    await app.services.organizations.update(acme.id, { ssoOnly: true });
    const refused = await passwordByHand(cody);
    expect(refused.stoppedAt).toBeUndefined();
    expect(refused.page.status).toBe(403);
    expect(refused.page.document.querySelector('#password-error')?.text).toBe('Acme Corp requires you to sign in with your company account, not a password.');
    expect(refused.page.document.querySelector('a.button-link')?.text).toBe('Continue with company sign-in');
    // One primary action: no password form, no social buttons.
    expect(refused.page.document.querySelector('form[action$="/login/password"]')).toBeNull();
    expect(refused.page.document.querySelectorAll('.social-button')).toHaveLength(0);
  });

  test('a member whose email is outside the domains keeps signing in with a password: the company provider cannot', async () => {
    await app.services.organizations.update(acme.id, { ssoOnly: true });
    const outcome = await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), carol);
    expect(outcome.stoppedAt).toBeDefined();
  });

  test('a break-glass administrator signs in with password + two-step; without two-step, or once it ends, refused', async () => {
    const ines = { email: 'ines@acme.test', password: 'ines keeps the glass' };
    const account = await app.services.accounts.create(ines);
    await app.services.organizations.addMember(acme.id, ines.email, true);
    const admin = { organizationId: acme.id, actor: { id: account.id, email: ines.email }, request: {} };
    await app.services.organizations.update(acme.id, { ssoOnly: true });
    const codyId = (await app.services.accountRepository.findByEmail(cody.email))!.id;
    await expect(app.services.admin.members.setBreakGlass(admin, codyId, true)).rejects.toMatchObject({ code: 'wrong_status' });
    await app.services.admin.members.setBreakGlass(admin, account.id, true);

    // Break-glass without two-step verification set up: held like any member.
    expect((await passwordByHand(ines)).page.status).toBe(403);
    const { secret } = await app.services.twoStep.enrolment(account);
    expect(Array.isArray(await app.services.twoStep.confirm(account, await totpCode(secret, clock.now())))).toBe(true);
    clock.advanceMinutes(1); // a new code: each is accepted once
    const browser = new TestBrowser();
    const atCode = await passwordByHand(ines, browser);
    expect(atCode.page.url).toMatch(/\/mfa$/);
    const done = await browser.submit(atCode.page, 'form[action$="/mfa"]', { code: await totpCode(secret, clock.now()), method: 'totp' }, { stopAt: toCallback });
    expect(done.stoppedAt).toBeDefined();

    await app.services.admin.members.setBreakGlass(admin, account.id, false);
    expect((await passwordByHand(ines)).page.status).toBe(403);
    const rows = await app.services.storage.database.sql.query<{ type: string }>(
      "SELECT type FROM audit_events WHERE account_id = $1 AND type LIKE 'account.break_glass%' ORDER BY occurred_at", [account.id]);
    expect(rows.map((row) => row.type)).toEqual(['account.break_glass_granted', 'account.break_glass_revoked']);
  });

  test('a session from before stays valid; the next prompt to sign in must be SSO', async () => {
    const browser = new TestBrowser();
    expect((await passwordByHand(cody, browser)).stoppedAt).toBeDefined();
    await app.services.organizations.update(acme.id, { ssoOnly: true });
    expect((await browser.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback })).stoppedAt).toBeDefined();
    const prompts: Record<string, string>[] = [{ prompt: 'login' }, { max_age: '0' }];
    for (const params of prompts) {
      const again = await passwordByHand(cody, browser, params);
      expect(again.page.status).toBe(403);
    }
  });

  test('a member of the domain with a password may use it instead, while it is off; once on, the page goes on by itself', async () => {
    const dana = { email: 'dana@acme.test', password: 'dana made a password at activation' };
    await app.services.accounts.create(dana);
    await app.services.organizations.addMember(acme.id, dana.email, false);
    const browser = new TestBrowser();
    const request = await authorizationRequest(rp);
    const page1 = await browser.navigate(request.url.toString(), { stopAt: toCallback });
    const between = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: dana.email });
    const passwordPage = await browser.navigate(new URL(between.page.document.querySelector('a#use-password')!.getAttribute('href')!, app.issuer).toString());
    expect(passwordPage.page.document.querySelector('h1')?.text).toBe('Enter your password');
    // The way back to the company sign-in stays on the page.
    expect(passwordPage.page.document.querySelector('a[href$="/sso/start"]')?.text).toBe('Use company sign-in instead');
    const back = await browser.submit(passwordPage.page, 'form[action$="/login/password"]', { password: dana.password }, { stopAt: toCallback });
    expect((await tokensOf(request, back.stoppedAt)).claims()).toMatchObject({ email: dana.email, amr: ['pwd'] });

    await app.services.organizations.update(acme.id, { ssoOnly: true });
    const enforced = new TestBrowser();
    const start = await enforced.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback });
    const only = await enforced.submit(start.page, 'form[action$="/login/identifier"]', { email: dana.email });
    expect(only.page.document.querySelector('a#use-password')).toBeNull();
    expect(only.page.document.querySelector('meta[http-equiv="refresh"]')?.getAttribute('content')).toMatch(/^0;url=\/interaction\/.+\/sso\/start$/);
    // Going to the password page by hand does not help: the right password is refused.
    const uid = /\/interaction\/([^/]+)\//.exec(only.page.url)![1]!;
    const typed = await enforced.navigate(`${app.issuer}/interaction/${uid}/login/password`);
    const refused = await enforced.submit(typed.page, 'form[action$="/login/password"]', { password: dana.password }, { stopAt: toCallback });
    expect(refused.page.status).toBe(403);
  });

  test("'Forgot password?' does not reset a member's password: it points to the company sign-in", async () => {
    await app.services.organizations.update(acme.id, { ssoOnly: true });
    const browser = new TestBrowser();
    const forgot = (await browser.navigate(`${app.issuer}/password/forgot`)).page;
    const domainPage = await browser.submit(forgot, 'form[action="/password/forgot"]', { email: 'alice@acme.test' });
    expect(domainPage.page.document.querySelector('h1')?.text).toBe('Sign in with your company account');
    const memberPage = await browser.submit(forgot, 'form[action="/password/forgot"]', { email: carol.email });
    expect(memberPage.page.body).toContain('Check your email');
    const mail = await sink.next(carol.email);
    expect(mail.subject).toBe('Sign in to GoToAssist with your company account');
    expect(mail.text).not.toMatch(/password\/reset/);
  });
});
