// Step-up: a relying party asks for multi-factor (acr_values, or the claims parameter); a user with a
// password-only session is asked for the code alone; one without two-step verification is told the
// application requires it and can set it up there and then.
import * as oidc from 'openid-client';

import { totpCode } from '../../../src/mfa/totp.js';
import { ACR } from '../../../src/provider/acr.js';
import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { authorizationRequest, discover, registerClient, signIn, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import { verificationCode, type SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';
import { enrolThroughAccountPage, exchange, secretOn } from './mfa-helpers.js';

const clock = new TestClock();
let sink: SmtpSink;
let app: TestApp;
let rp: oidc.Configuration;
let counter = 0;
const MFA = { acr_values: ACR.multiFactor };

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({ clock }));
});
afterAll(() => closeTestbed({ app, sink }));

async function newUser() {
  counter += 1;
  const user = { email: `stepup${counter}@example.com`, password: 'first the password' };
  await app.services.accounts.create(user);
  return user;
}

test('discovery lists the three authentication classes, weakest first', () => {
  expect(rp.serverMetadata().acr_values_supported).toEqual([ACR.singleFactor, ACR.multiFactor, ACR.phishingResistant]);
});

test('without a request for it, a password session stays single-factor', async () => {
  const user = await newUser();
  const { tokens } = await signIn(rp, new TestBrowser(), user);
  expect(tokens.claims()).toMatchObject({ acr: ACR.singleFactor, amr: ['pwd'] });
});

test.each([
  ['acr_values', MFA],
  ['the claims parameter', { claims: JSON.stringify({ id_token: { acr: { essential: true, values: [ACR.multiFactor] } } }) }],
])('asked by %s, a password-only session is asked for the code alone', async (_how, params) => {
  const user = await newUser();
  const browser = new TestBrowser();
  await signIn(rp, browser, user); // a single-factor session
  const { secret } = await enrolThroughAccountPage(app, browser, user, clock); // enrolled since
  clock.advance(30_000);

  const request = await authorizationRequest(rp, params);
  const first = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  expect(first.page.url).toMatch(/\/mfa$/);
  expect(first.page.document.querySelector('input[type="password"]')).toBeNull();
  const done = await browser.submit(first.page, 'form[action$="/mfa"]', { code: await totpCode(secret, clock.now()) }, { stopAt: toCallback });
  const tokens = await exchange(rp, done.stoppedAt!, request);
  expect(tokens.claims()).toMatchObject({ acr: ACR.multiFactor, amr: ['pwd', 'otp'] });

  // The session is multi-factor now: the next request for it goes straight through.
  expect((await browser.navigate((await authorizationRequest(rp, params)).url.toString(), { stopAt: toCallback })).stoppedAt).toBeDefined();
});

test('without two-step verification, the user is told the application requires it and sets it up there', async () => {
  const user = await newUser();
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp, MFA);
  const required = await signInThroughForms(browser, request.url.toString(), user);
  expect(required.page.document.querySelector('h1')?.text).toBe('Two-step verification required');
  expect(required.page.body).toContain('Test App requires two-step verification');

  const setupLink = required.page.document.querySelector('a[href^="/account/two-step/setup"]')!.getAttribute('href')!;
  const setup = (await browser.navigate(new URL(setupLink, app.issuer).toString())).page;
  const secret = secretOn(setup);
  const codes = await browser.submit(setup, 'form[action="/account/two-step/confirm"]', { code: await totpCode(secret, clock.now()) });
  clock.advance(30_000);
  const back = await browser.navigate(new URL(codes.page.document.querySelector('a.button-link')!.getAttribute('href')!, app.issuer).toString(),
    { stopAt: toCallback });
  expect(back.page.url).toMatch(/\/mfa$/);
  const done = await browser.submit(back.page, 'form[action$="/mfa"]', { code: await totpCode(secret, clock.now()) }, { stopAt: toCallback });
  const tokens = await exchange(rp, done.stoppedAt!, request);
  expect(tokens.claims()).toMatchObject({ acr: ACR.multiFactor, amr: ['pwd', 'otp'] });
});

test('login verification by email is skipped when the user completes the code', async () => {
  const verifying = await createTestApp({ clock, env: { SMTP_URL: sink.url, LOGIN_VERIFICATION: 'true' } });
  try {
    const client = await discover(verifying, await registerClient(verifying, { firstParty: true }));
    const user = { email: 'skip-verification@example.com', password: 'code beats email' };
    await verifying.services.accounts.create(user);
    const enrolBrowser = new TestBrowser();
    // Enrolling needs a sign-in, which (new browser) is verified by email first.
    const start = await enrolBrowser.navigate(`${verifying.issuer}/account/two-step/setup`);
    const verify = await signInThroughForms(enrolBrowser, start.page.url, user);
    const code = verificationCode(await sink.next(user.email, { subject: 'Verify your login' }));
    const setup = (await enrolBrowser.submit(verify.page, 'form[action$="/verify"]:has(input[name="code"])', { code })).page;
    const secret = secretOn(setup);
    await enrolBrowser.submit(setup, 'form[action="/account/two-step/confirm"]', { code: await totpCode(secret, clock.now()) });
    clock.advance(30_000);

    const fresh = new TestBrowser();
    const codePage = await signInThroughForms(fresh, (await authorizationRequest(client)).url.toString(), user);
    expect(codePage.page.url).toMatch(/\/mfa$/);
    const done = await fresh.submit(codePage.page, 'form[action$="/mfa"]', { code: await totpCode(secret, clock.now()) }, { stopAt: toCallback });
    expect(done.stoppedAt).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(sink.to(user.email).filter((message) => message.subject === 'Verify your login')).toHaveLength(1);
  } finally {
    await verifying.close();
  }
});

test('max_age: within it the session answers (with auth_time); past it, password and code are asked again', async () => {
  const user = await newUser();
  const browser = new TestBrowser();
  await signIn(rp, browser, user);
  const { secret } = await enrolThroughAccountPage(app, browser, user, clock);
  clock.advance(30_000);

  const within = await authorizationRequest(rp, { max_age: '3600' });
  const sso = await browser.navigate(within.url.toString(), { stopAt: toCallback });
  const tokens = await exchange(rp, sso.stoppedAt!, within);
  expect(tokens.claims()!.auth_time).toEqual(expect.any(Number));

  const past = await authorizationRequest(rp, { max_age: '0' });
  const codePage = await signInThroughForms(browser, past.url.toString(), user);
  expect(codePage.page.url).toMatch(/\/mfa$/);
  const done = await browser.submit(codePage.page, 'form[action$="/mfa"]', { code: await totpCode(secret, clock.now()) }, { stopAt: toCallback });
  const fresh = await exchange(rp, done.stoppedAt!, past);
  expect(fresh.claims()).toMatchObject({ acr: ACR.multiFactor, amr: ['pwd', 'otp'] });
});
