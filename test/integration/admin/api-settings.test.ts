// Account settings through the Admin API, and what they do to sign-ins: domains proven by DNS TXT records
// (a local DNS server), the company's identity provider and its test, 'Enterprise SSO only', two-step
// verification for everyone, login verification, and the longest sign-in.
import type * as oidc from 'openid-client';
import type { z } from 'zod';

import type { connectionOut, connectionTestOut, domainOut, settingsOut } from '../../../src/admin/admin-schemas.js';
import { totpCode } from '../../../src/mfa/totp.js';
import { ACR } from '../../../src/provider/acr.js';
import { TestBrowser } from '../../helpers/browser.js';
import { startCompanyIdp, type CompanyIdp } from '../../helpers/company-idp.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { startDnsStandIn, type DnsStandIn } from '../../helpers/dns-standin.js';
import { authorizationRequest, signIn, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { exchange, secretOn } from '../mfa/mfa-helpers.js';
import { signInAtCompany, toCompany } from '../sso/sso-helpers.js';
import { api, createOrganization, serviceToken, type Person, type TestOrganization } from './admin-helpers.js';

type Settings = z.infer<typeof settingsOut>;
type Domain = z.infer<typeof domainOut>;

const clock = new TestClock();
let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let dns: DnsStandIn;
let idp: CompanyIdp;
let acme: TestOrganization;
let token: string;
let counter = 0;

beforeAll(async () => {
  dns = await startDnsStandIn();
  // The company's provider (127.0.0.3) is allowed by the operator, as an on-premises one would be.
  ({ app, sink, rp } = await createTestbed({ clock, env: { DNS_SERVERS: dns.server, FEDERATION_TIMEOUT: '2', OUTBOUND_ALLOW_PRIVATE: '127.0.0.3' } }));
  idp = await startCompanyIdp({
    clients: [{ client_id: 'gotoassist', client_secret: 'company-secret-company-secret-0123', redirect_uris: [`${app.issuer}/sso/callback`] }],
    accounts: { zed: { email: 'zed@acme.test', email_verified: true, name: 'Zed Acme' } },
  });
  acme = await createOrganization(app, 'Acme', 'acme.test');
  ({ token } = await serviceToken(app, acme.context));
});
afterAll(async () => {
  await idp?.close();
  await closeTestbed({ app, sink });
  await dns?.close();
});

async function member(): Promise<Person> {
  counter += 1;
  // Not in acme.test: once Acme has its identity provider, acme.test addresses go there.
  const email = `member${counter}@contractor.test`;
  const account = await app.services.accounts.create({ email, password: `member ${counter} password` });
  await app.services.organizations.addMember(acme.organization.id, email, false);
  return { id: account.id, email, password: `member ${counter} password` };
}

const patch = (body: unknown) => api<Settings>(app, token, 'PATCH', '/settings', body);

test('the settings, with the claimed domains', async () => {
  const settings = await api<Settings>(app, token, 'GET', '/settings');
  expect(settings.body).toMatchObject({
    name: 'Acme', ssoOnly: false, requireMfa: false, requirePasskey: false, loginVerification: null, sessionMaxHours: null, connection: null,
    domains: [{ domain: 'acme.test', verified: true, txtRecord: null }],
  });
});

describe('domains', () => {
  test('claim one, publish the TXT record it names, verify it', async () => {
    const claimed = await api<Domain>(app, token, 'POST', '/domains', { domain: 'NewCo.test.' });
    expect(claimed.status).toBe(201);
    expect(claimed.body).toMatchObject({ domain: 'newco.test', verified: false, txtRecord: { name: '_gotoassist-verification.newco.test' } });
    const value = claimed.body.txtRecord!.value;
    expect(value).toMatch(/^gotoassist-verification=[A-Za-z0-9_-]{32}$/);

    const early = await api(app, token, 'POST', '/domains/newco.test/verify');
    expect(early.status).toBe(409);
    expect(early.problem.detail).toContain('_gotoassist-verification.newco.test');
    dns.txt.set('_gotoassist-verification.newco.test', ['v=spf1 -all', 'gotoassist-verification=somebody-else']);
    expect((await api(app, token, 'POST', '/domains/newco.test/verify')).problem.detail).toContain('other TXT records are');

    dns.txt.set('_gotoassist-verification.newco.test', ['v=spf1 -all', value]);
    const verified = await api<Domain>(app, token, 'POST', '/domains/newco.test/verify');
    expect(verified.body).toEqual({ domain: 'newco.test', verified: true, txtRecord: null });
    expect(dns.questions).toContain('_gotoassist-verification.newco.test');
    expect((await app.services.organizations.forEmail('someone@newco.test'))?.organization.id).toBe(acme.organization.id);
  });

  test('a domain another organization claims, or that is no domain, is refused', async () => {
    await app.services.organizations.create('Other', ['taken.test']);
    const taken = await api(app, token, 'POST', '/domains', { domain: 'taken.test' });
    expect(taken.status).toBe(409);
    const invalid = await api(app, token, 'POST', '/domains', { domain: 'not a domain' });
    expect(invalid.status).toBe(400);
    expect((await api(app, token, 'POST', '/domains/taken.test/verify')).status).toBe(404);
  });

  test('give a domain up: it routes nothing any more', async () => {
    await api(app, token, 'POST', '/domains', { domain: 'shortlived.test' });
    expect((await api(app, token, 'DELETE', '/domains/shortlived.test')).status).toBe(204);
    expect((await api(app, token, 'DELETE', '/domains/shortlived.test')).status).toBe(404);
  });
});

describe('the identity provider', () => {
  test('set it, test it; a provider that cannot be reached fails the test at discovery', async () => {
    const unreachable = await api<z.infer<typeof connectionOut>>(app, token, 'PUT', '/connection', {
      issuer: 'http://127.0.0.3:9', clientId: 'gotoassist', clientSecret: 'company-secret-company-secret-0123',
    });
    expect(unreachable.status).toBe(200);
    const failing = await api<z.infer<typeof connectionTestOut>>(app, token, 'POST', '/connection/test');
    expect(failing.body.ok).toBe(false);
    expect(failing.body.steps).toEqual([{ name: 'Discovery', ok: false, detail: 'http://127.0.0.3:9/.well-known/openid-configuration: could not reach the provider' }]);

    const set = await api<z.infer<typeof connectionOut>>(app, token, 'PUT', '/connection', {
      issuer: idp.issuer, clientId: 'gotoassist', clientSecret: 'company-secret-company-secret-0123',
    });
    expect(set.body).toEqual({
      protocol: 'oidc', issuer: idp.issuer, clientId: 'gotoassist', authMethod: 'client_secret_basic', hasSecret: true, scopes: ['openid', 'email', 'profile'], jwksUrl: null,
    });
    expect(set.text).not.toContain('company-secret');
    const passing = await api<z.infer<typeof connectionTestOut>>(app, token, 'POST', '/connection/test');
    expect(passing.body.ok).toBe(true);
    expect(passing.body.steps.map((step) => step.name)).toEqual(['Discovery', 'Endpoints', 'Authorization code flow', 'Client authentication', 'Signing keys']);

    const bad = await api(app, token, 'PUT', '/connection', { issuer: 'ftp://idp.example', clientId: 'x', clientSecret: 'y' });
    expect(bad.status).toBe(400);
  });

  test("'Enterprise SSO only' needs the provider and a proven domain; then passwords stop, and the provider cannot be removed", async () => {
    const user = await member();
    await api(app, token, 'DELETE', '/connection');
    const early = await patch({ ssoOnly: true });
    expect(early.status).toBe(409);
    await api(app, token, 'PUT', '/connection', { issuer: idp.issuer, clientId: 'gotoassist', clientSecret: 'company-secret-company-secret-0123' });
    expect((await patch({ ssoOnly: true })).body.ssoOnly).toBe(true);
    // A member outside the domain keeps the password; one inside (who can use the provider) is refused it.
    expect((await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), user)).stoppedAt).toBeDefined();
    const browser = new TestBrowser();
    const start = await browser.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback });
    const between = await browser.submit(start.page, 'form[action$="/login/identifier"]', { email: acme.user.email });
    const byHand = await browser.navigate(between.page.url.replace(/\/sso$/, '/login/password'));
    const refused = await browser.submit(byHand.page, 'form[action$="/login/password"]', { password: acme.user.password }, { stopAt: toCallback });
    expect(refused.page.status).toBe(403);
    expect((await api(app, token, 'DELETE', '/connection')).status).toBe(409);
    expect((await patch({ ssoOnly: false })).body.ssoOnly).toBe(false);
  });
});

test('settings refuse what they do not know, naming the field', async () => {
  const response = await patch({ sessionMaxHours: 0, loginVerification: 'yes', colour: 'blue' });
  expect(response.status).toBe(400);
  expect(response.problem.errors!.map((error) => error.field).sort()).toEqual(['colour', 'loginVerification', 'sessionMaxHours']);
});

test('two-step verification for everyone: a user without it sets it up at the next sign-in, then signs in with a code', async () => {
  const user = await member();
  expect((await patch({ requireMfa: true })).body.requireMfa).toBe(true);
  try {
    const browser = new TestBrowser();
    const request = await authorizationRequest(rp);
    const required = await signInThroughForms(browser, request.url.toString(), user);
    expect(required.stoppedAt).toBeUndefined();
    expect(required.page.document.querySelector('h1')?.text).toBe('Two-step verification required');
    expect(required.page.body).toContain('Acme requires two-step verification');

    const setup = await browser.navigate(new URL(required.page.document.querySelector('a.button-link')!.getAttribute('href')!, app.issuer).toString());
    const secret = secretOn(setup.page);
    const codes = await browser.submit(setup.page, 'form[action="/account/two-step/confirm"]', { code: await totpCode(secret, clock.now()) });
    clock.advance(30_000);
    const codePage = await browser.navigate(new URL(codes.page.document.querySelector('a.button-link')!.getAttribute('href')!, app.issuer).toString());
    const done = await browser.submit(codePage.page, 'form[action$="/mfa"]', { code: await totpCode(secret, clock.now()) }, { stopAt: toCallback });
    expect((await exchange(rp, done.stoppedAt!, request)).claims()).toMatchObject({ sub: user.id, acr: ACR.multiFactor, amr: ['pwd', 'otp'] });
  } finally {
    await patch({ requireMfa: false });
  }
});

test('a passkey for everyone: set over the API, a member\'s password sign-in goes on to the passkey, and off again', async () => {
  const user = await member();
  expect((await patch({ requirePasskey: true })).body.requirePasskey).toBe(true);
  try {
    const required = await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), user);
    expect(required.stoppedAt).toBeUndefined();
    expect(required.page.document.querySelector('h1')?.text).toBe('Confirm with a passkey');
    expect(required.page.body).toContain('Acme asks you to confirm it is you with a passkey');
    expect(required.page.document.querySelector('a.button-link')?.getAttribute('href')).toMatch(/^\/account\/passkeys\/add\?interaction=/);
  } finally {
    expect((await patch({ requirePasskey: false })).body.requirePasskey).toBe(false);
  }
  expect((await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), user)).stoppedAt).toBeDefined();
});

test('two-step verification for everyone: waived after the company sign-in when the organization says so', async () => {
  await api(app, token, 'PUT', '/connection', { issuer: idp.issuer, clientId: 'gotoassist', clientSecret: 'company-secret-company-secret-0123' });
  await patch({ requireMfa: true });
  try {
    const browser = new TestBrowser();
    const atCompany = await toCompany(browser, (await authorizationRequest(rp)).url.toString(), 'zed@acme.test');
    const required = await signInAtCompany(browser, atCompany, 'zed');
    expect(required.page.document.querySelector('h1')?.text).toBe('Two-step verification required');

    await patch({ waiveMfaForSso: true });
    const second = new TestBrowser();
    const request = await authorizationRequest(rp);
    const back = await signInAtCompany(second, await toCompany(second, request.url.toString(), 'zed@acme.test'), 'zed');
    expect((await exchange(rp, back.stoppedAt!, request)).claims()).toMatchObject({ amr: ['fed'] });
    // The same session, asked again: still let through (the waiver is remembered with the sign-in).
    expect((await second.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback })).stoppedAt).toBeDefined();
  } finally {
    await patch({ requireMfa: false, waiveMfaForSso: false });
  }
});

test('login verification on for the organization, though off on the server', async () => {
  const user = await member();
  await patch({ loginVerification: true });
  try {
    const asked = await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), user);
    expect(asked.page.url).toMatch(/\/verify$/);
    expect((await sink.next(user.email)).subject).toContain('Verify');
  } finally {
    await patch({ loginVerification: null });
  }
  const straight = await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), user);
  expect(straight.stoppedAt).toBeDefined();
});

test('the longest sign-in: a session older than the organization allows must sign in again', async () => {
  const user = await member();
  const browser = new TestBrowser();
  await signIn(rp, browser, { ...user, remember: true });
  expect((await patch({ sessionMaxHours: 8 })).body.sessionMaxHours).toBe(8);
  try {
    clock.advance(7 * 3600_000);
    expect((await browser.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback })).stoppedAt).toBeDefined();
    clock.advance(2 * 3600_000);
    const again = await browser.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback });
    expect(again.stoppedAt).toBeUndefined();
    expect(again.page.document.querySelector('form[action$="/login/identifier"]')).not.toBeNull();
  } finally {
    await patch({ sessionMaxHours: null });
  }
});

test('DNS that does not answer is a 503, not a 500', async () => {
  await api(app, token, 'POST', '/domains', { domain: 'slow.test' });
  await dns.close();
  const response = await api(app, token, 'POST', '/domains/slow.test/verify');
  expect(response.status).toBe(503);
  expect(response.problem.detail).toContain('DNS could not be asked');
}, 30_000);
