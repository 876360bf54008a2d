// The rules around providers, with Google's stand-in: the last way to sign in stays, two-step
// verification still applies after a provider, an identity belongs to one account, and members of an
// organization that enforces SSO cannot use providers.
import * as oidc from 'openid-client';

import { totpCode } from '../../../src/mfa/totp.js';
import { ACR } from '../../../src/provider/acr.js';
import { TestBrowser } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { startSocialStandIn, type SocialStandIn } from '../../helpers/social-standins.js';
import { TestClock } from '../../helpers/test-clock.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { exchange } from '../mfa/mfa-helpers.js';
import { decideAtProvider, startWithProvider } from './social-helpers.js';

const clock = new TestClock();
let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let google: SocialStandIn;
let counter = 0;

beforeAll(async () => {
  google = await startSocialStandIn('google', { id: 'rules-client', secret: 'rules-client-secret-0123456789' });
  ({ app, sink, rp } = await createTestbed({ clock, env: google.env }));
});
afterAll(async () => {
  await closeTestbed({ app, sink });
  await google?.close();
});

/** A Google user at the stand-in, connected to `accountId` directly. */
async function googleUserFor(accountId: string, email: string): Promise<string> {
  counter += 1;
  const id = `google-rules-${counter}`;
  google.users.set(id, { id, email: `${id}@gmail.example`, name: 'Rule Tester' });
  await app.services.identities.link({ source: 'google', subject: id, accountId, email });
  return id;
}

async function signInWithGoogle(browser: TestBrowser, googleUser: string) {
  const request = await authorizationRequest(rp);
  const atGoogle = await startWithProvider(browser, request.url.toString(), 'Google');
  return { request, back: await decideAtProvider(browser, atGoogle, googleUser) };
}

test('an account without a password cannot disconnect its only provider', async () => {
  const invited = await app.services.accountRepository.create({
    email: 'no-password@example.com', emailVerified: true, name: null, passwordHash: null, isAdmin: false, status: 'ACTIVE', invitedBy: null,
  });
  const googleUser = await googleUserFor(invited.id, invited.email);

  const browser = new TestBrowser();
  const { request, back } = await signInWithGoogle(browser, googleUser);
  expect((await exchange(rp, back.stoppedAt!, request)).claims()!.sub).toBe(invited.id);

  const account = (await browser.navigate(`${app.issuer}/account`)).page;
  const refused = (await browser.submit(account, 'form[action="/account/connections/google/disconnect"]')).page;
  expect(refused.status).toBe(409);
  expect(refused.document.querySelector('[role="alert"]')?.text).toContain('This is the only way you can sign in');
  expect(await app.services.identities.listForAccount(invited.id)).toHaveLength(1);
});

test('two-step verification still applies after a provider sign-in', async () => {
  const account = await app.services.accounts.create({ email: 'two-step-social@example.com', password: 'two-step social password' });
  const { secret } = await app.services.twoStep.enrolment(account);
  await app.services.twoStep.confirm(account, await totpCode(secret, clock.now()));
  clock.advance(30_000);
  const googleUser = await googleUserFor(account.id, account.email);

  const browser = new TestBrowser();
  const { request, back } = await signInWithGoogle(browser, googleUser);
  expect(back.stoppedAt).toBeUndefined();
  expect(back.page.url).toMatch(/\/mfa$/);
  const finished = await browser.submit(back.page, 'form[action$="/mfa"]', { code: await totpCode(secret, clock.now()) }, { stopAt: toCallback });
  expect((await exchange(rp, finished.stoppedAt!, request)).claims()).toMatchObject({ sub: account.id, amr: ['fed', 'otp'], acr: ACR.multiFactor });
});

test('a provider identity connected to one account cannot be connected to another', async () => {
  const owner = await app.services.accounts.create({ email: 'owner@example.com', password: 'the owner password' });
  const other = { email: 'other@example.com', password: 'the other password' };
  await app.services.accounts.create(other);
  const googleUser = await googleUserFor(owner.id, owner.email);

  const browser = new TestBrowser();
  const start = await browser.navigate(`${app.issuer}/account`);
  const account = (await signInThroughForms(browser, start.page.url, other)).page;
  const atGoogle = await browser.navigate(`${app.issuer}/account/connections/google/connect`, { stopAt: toCallback });
  expect(account.status).toBe(200);
  const back = (await decideAtProvider(browser, atGoogle, googleUser)).page;
  expect(back.status).toBe(400);
  expect(back.document.querySelector('[role="alert"]')?.text).toBe('This Google account is connected to another account here.');
  expect(back.document.querySelector('a.button-link')?.text).toBe('Back to My account');
});

test('connecting needs a sign-in within the last 5 minutes', async () => {
  const user = { email: 'stale@example.com', password: 'a stale sign-in password' };
  await app.services.accounts.create(user);
  const browser = new TestBrowser();
  const start = await browser.navigate(`${app.issuer}/account`);
  await signInThroughForms(browser, start.page.url, user);
  clock.advance(6 * 60_000);
  const asked = await browser.navigate(`${app.issuer}/account/connections/google/connect`, { stopAt: toCallback });
  expect(asked.page.url).toMatch(/\/interaction\//);
  expect(asked.page.url.startsWith(google.base)).toBe(false);
});

describe('members of an organization that enforces SSO', () => {
  const carol = { email: 'carol@enforcing.example', password: 'carol uses a password' };
  let organizationId: string;
  let carolId: string;

  beforeAll(async () => {
    carolId = (await app.services.accounts.create(carol)).id;
    organizationId = (await app.services.organizations.create('Enforcing Corp', ['enforcing.example'])).id;
    await app.services.organizations.addMember(organizationId, carol.email, false);
  });
  afterEach(() => app.services.organizations.update(organizationId, { ssoOnly: false }));

  test('cannot sign in with a provider, and are told why', async () => {
    const googleUser = await googleUserFor(carolId, carol.email);
    await app.services.organizations.update(organizationId, { ssoOnly: true });
    const { back } = await signInWithGoogle(new TestBrowser(), googleUser);
    expect(back.stoppedAt).toBeUndefined();
    expect(back.page.status).toBe(400);
    expect(back.page.document.querySelector('[role="alert"]')?.text).toContain('Your organization requires you to sign in with your company account');
    await app.services.identities.remove(carolId, 'google');
  });

  test('cannot connect one from My account', async () => {
    const browser = new TestBrowser();
    const start = await browser.navigate(`${app.issuer}/account`);
    await signInThroughForms(browser, start.page.url, carol);
    await app.services.organizations.update(organizationId, { ssoOnly: true });
    const refused = await browser.navigate(`${app.issuer}/account/connections/google/connect`, { stopAt: toCallback });
    expect(refused.page.status).toBe(403);
    expect(refused.page.document.querySelector('[role="alert"]')?.text).toContain('other accounts cannot be connected');
    expect(await app.services.identities.listForAccount(carolId)).toEqual([]);
  });
});
