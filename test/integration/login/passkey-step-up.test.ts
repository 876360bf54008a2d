// The phishing-resistant class (urn:gotoassist:loa:phr) over HTTP, with software authenticators: a
// user-verified passkey reaches it and answers a request for two factors with no code page; a request for
// it after a password and a code asks for the account's own passkey (step-up), refuses another account's
// and one without user verification; an account with no passkey is walked through adding one and comes
// back to use it; an organization that requires a passkey gets the same walk for its members.
import * as oidc from 'openid-client';

import { TestBrowser, type Page } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { freePort } from '../../helpers/free-port.js';
import { addPasskeyOnAccountPage, askPasskeyOptions } from '../../helpers/passkey-pages.js';
import { authorizationRequest, discover, registerClient, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import { SoftwareAuthenticator } from '../../helpers/software-authenticator.js';
import { systemClock } from '../../../src/core/clock.js';
import { ACR } from '../../../src/provider/acr.js';
import { totpCode } from '../../../src/mfa/totp.js';
import { enrolThroughAccountPage } from '../mfa/mfa-helpers.js';

const keyed = { email: 'phr.keyed@example.com', password: 'a password, a code and a key' };
const other = { email: 'phr.other@example.com', password: 'someone else with a key' };
const keyless = { email: 'phr.keyless@example.com', password: 'a password and nothing more' };

let app: TestApp;
let issuer: string;
let rp: oidc.Configuration;
let keyedKey: SoftwareAuthenticator;
let otherKey: SoftwareAuthenticator;
let keyedSecret: string;

beforeAll(async () => {
  const port = await freePort();
  app = await createTestApp({ port, env: { ISSUER: `http://localhost:${port}` } });
  issuer = app.config.http.issuer;
  for (const person of [keyed, other, keyless]) {
    await app.services.accounts.create(person);
  }
  rp = await discover({ issuer }, await registerClient(app, { firstParty: true, name: 'Vault App' }));
  keyedKey = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  otherKey = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  expect((await addPasskeyOnAccountPage(issuer, keyed, keyedKey)).body).toContain('Your passkey was added');
  expect((await addPasskeyOnAccountPage(issuer, other, otherKey)).body).toContain('Your passkey was added');
  keyedSecret = (await enrolThroughAccountPage({ issuer }, new TestBrowser(), keyed, systemClock)).secret;
});
afterAll(() => app.close());

const PHR = { acr_values: ACR.phishingResistant };

async function claimsOf(callback: string, request: Awaited<ReturnType<typeof authorizationRequest>>) {
  return (await oidc.authorizationCodeGrant(rp, new URL(callback), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  })).claims()!;
}

/** Sends the passkey form of `page` with the authenticator's answer to the options it asks for. */
async function usePasskey(browser: TestBrowser, page: Page, key: SoftwareAuthenticator, userVerified = true) {
  const { options } = await askPasskeyOptions(browser, page);
  const outcome = await browser.submit(page, 'form[data-passkey]', { response: JSON.stringify(key.get(options, { userVerified })) }, { stopAt: toCallback });
  return { ...outcome, options, error: outcome.page.document.querySelector('#passkey-error')?.text.trim() };
}

test('a request for two factors is answered by a user-verified passkey on page 1: no code page, acr phr', async () => {
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp, { acr_values: ACR.multiFactor });
  const { page } = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  const signedIn = await usePasskey(browser, page, keyedKey);
  expect(signedIn.stoppedAt).toBeDefined();
  expect(await claimsOf(signedIn.stoppedAt!, request)).toMatchObject({ acr: ACR.phishingResistant, amr: ['hwk', 'user', 'mfa'] });
});

test('after a password and a code, a request for phr asks for this account\'s passkey; another\'s and one without user verification are refused', async () => {
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp, PHR);
  const codePage = await signInThroughForms(browser, request.url.toString(), keyed);
  const afterCode = await browser.submit(codePage.page, 'form[action$="/mfa"]', { code: await totpCode(keyedSecret, new Date(Date.now() + 30_000)) },
    { stopAt: toCallback });
  // Two factors are not enough here: the step-up page, no password asked again.
  expect(afterCode.stoppedAt).toBeUndefined();
  const stepUp = afterCode.page;
  expect(stepUp.document.querySelector('h1')?.text).toBe('Confirm with a passkey');
  expect(stepUp.body).toContain('Vault App asks you to confirm it is you with a passkey');
  expect(stepUp.document.querySelector('.identity-email')?.text).toBe(keyed.email);
  expect(stepUp.document.querySelector('input[name="password"]')).toBeNull();

  // The options name this account's passkey only, and require user verification.
  const wrongAccount = await usePasskey(browser, stepUp, otherKey);
  expect(wrongAccount.options).toMatchObject({ userVerification: 'required', allowCredentials: [{ id: keyedKey.credentialId.toString('base64url') }] });
  expect(wrongAccount.stoppedAt).toBeUndefined();
  expect(wrongAccount.page.status).toBe(401);
  expect(wrongAccount.error).toBe(`That passkey is for another account. Use a passkey of ${keyed.email}.`);

  const unverified = await usePasskey(browser, wrongAccount.page, keyedKey, false);
  expect(unverified.page.status).toBe(401);
  expect(unverified.error).toMatch(/did not check your screen lock/);

  const done = await usePasskey(browser, unverified.page, keyedKey);
  expect(done.stoppedAt).toBeDefined();
  expect(await claimsOf(done.stoppedAt!, request)).toMatchObject({ acr: ACR.phishingResistant, amr: ['hwk', 'user', 'mfa'] });

  // The session is phishing-resistant now: the next request for phr, or for two factors, goes straight through.
  for (const params of [PHR, { acr_values: ACR.multiFactor }]) {
    expect((await browser.navigate((await authorizationRequest(rp, params)).url.toString(), { stopAt: toCallback })).stoppedAt).toBeDefined();
  }
});

test('an account without a passkey is walked through adding one, and comes back to the sign-in to use it', async () => {
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp, PHR);
  const signedIn = await signInThroughForms(browser, request.url.toString(), keyless);
  expect(signedIn.stoppedAt).toBeUndefined();
  expect(signedIn.page.document.querySelector('h1')?.text).toBe('Confirm with a passkey');
  expect(signedIn.page.document.querySelector('form[data-passkey]')).toBeNull();
  const addLink = signedIn.page.document.querySelector('a.button-link')!;
  expect(addLink.text).toBe('Add a passkey');
  const interaction = new URL(signedIn.page.url).pathname;

  const { page: addPage } = await browser.navigate(new URL(addLink.getAttribute('href')!, issuer).toString());
  expect(addPage.document.querySelector('a[href^="/interaction/"]')?.text).toBe('Back to signing in');
  const key = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  const { options } = await askPasskeyOptions(browser, addPage);
  const added = await browser.submit(addPage, 'form[data-passkey]', { name: 'New key', response: JSON.stringify(key.create(options)) }, { stopAt: toCallback });
  // Back where the sign-in waits, now with the passkey to use.
  expect(new URL(added.page.url).pathname).toBe(interaction);
  expect(added.page.document.querySelector('form[data-passkey] button')?.text.trim()).toBe('Use my passkey');
  const done = await usePasskey(browser, added.page, key);
  expect(await claimsOf(done.stoppedAt!, request)).toMatchObject({ acr: ACR.phishingResistant, amr: ['hwk', 'user', 'mfa'] });
});

test('without a request for it, a password sign-in stays one factor and is not asked for a passkey', async () => {
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const signedIn = await signInThroughForms(browser, request.url.toString(), keyless);
  expect(await claimsOf(signedIn.stoppedAt!, request)).toMatchObject({ acr: ACR.singleFactor, amr: ['pwd'] });
});

test('an organization that requires a passkey: a member signed in with a password adds one and goes on with it; then a password alone is not enough', async () => {
  const member = { email: 'member@keyed-co.test', password: 'the company wants a key' };
  await app.services.accounts.create(member);
  const organization = await app.services.organizations.create('Keyed Co', ['keyed-co.test']);
  await app.services.organizations.addMember(organization.id, member.email, false);
  await app.services.organizations.update(organization.id, { requirePasskey: true });

  // The application asks for nothing special: the organization does.
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const signedIn = await signInThroughForms(browser, request.url.toString(), member);
  expect(signedIn.stoppedAt).toBeUndefined();
  expect(signedIn.page.document.querySelector('h1')?.text).toBe('Confirm with a passkey');
  expect(signedIn.page.body).toContain('Keyed Co asks you to confirm it is you with a passkey');
  const { page: addPage } = await browser.navigate(new URL(signedIn.page.document.querySelector('a.button-link')!.getAttribute('href')!, issuer).toString());
  const key = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  const { options } = await askPasskeyOptions(browser, addPage);
  const added = await browser.submit(addPage, 'form[data-passkey]', { name: 'Work key', response: JSON.stringify(key.create(options)) });
  const done = await usePasskey(browser, added.page, key);
  expect(await claimsOf(done.stoppedAt!, request)).toMatchObject({ acr: ACR.phishingResistant, amr: ['hwk', 'user', 'mfa'] });

  // Another browser: the right password leads to the passkey, not to the application.
  const second = new TestBrowser();
  const again = await signInThroughForms(second, (await authorizationRequest(rp)).url.toString(), member);
  expect(again.stoppedAt).toBeUndefined();
  expect(again.page.document.querySelector('form[data-passkey] button')?.text.trim()).toBe('Use my passkey');
  // The passkey on page 1 is the short way.
  const third = new TestBrowser();
  const direct = await authorizationRequest(rp);
  const { page } = await third.navigate(direct.url.toString(), { stopAt: toCallback });
  const straight = await usePasskey(third, page, key);
  expect(await claimsOf(straight.stoppedAt!, direct)).toMatchObject({ acr: ACR.phishingResistant });
});

test('a one-factor passkey session stepped up to two factors keeps the passkey as its first factor: amr hwk and otp', async () => {
  const person = { email: 'phr.plain@example.com', password: 'a plain key, later a code' };
  await app.services.accounts.create(person);
  const plainKey = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  await addPasskeyOnAccountPage(issuer, person, plainKey, { userVerified: false });
  const browser = new TestBrowser();
  const first = await authorizationRequest(rp);
  const { page } = await browser.navigate(first.url.toString(), { stopAt: toCallback });
  const oneFactor = await usePasskey(browser, page, plainKey, false);
  expect(await claimsOf(oneFactor.stoppedAt!, first)).toMatchObject({ acr: ACR.singleFactor, amr: ['hwk'] });

  // Two-step verification turned on meanwhile (on another browser); then an application asks for it here.
  const { secret } = await enrolThroughAccountPage({ issuer }, new TestBrowser(), person, systemClock);
  const request = await authorizationRequest(rp, { acr_values: ACR.multiFactor });
  const codePage = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  expect(new URL(codePage.page.url).pathname).toMatch(/\/mfa$/);
  const done = await browser.submit(codePage.page, 'form[action$="/mfa"]', { code: await totpCode(secret, new Date(Date.now() + 30_000)) },
    { stopAt: toCallback });
  expect(await claimsOf(done.stoppedAt!, request)).toMatchObject({ acr: ACR.multiFactor, amr: ['hwk', 'otp'] });
});
