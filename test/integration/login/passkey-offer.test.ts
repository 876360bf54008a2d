// The offer of a passkey after a password sign-in, over HTTP: only where the password page's script found
// that the browser can make one, only for an account with none, and not again for a while after 'Not now';
// 'Add a passkey' runs the ceremony there and goes on with the sign-in.
import * as oidc from 'openid-client';

import { TestBrowser, type Page } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { freePort } from '../../helpers/free-port.js';
import { askPasskeyOptions } from '../../helpers/passkey-pages.js';
import { authorizationRequest, discover, registerClient, toCallback } from '../../helpers/relying-party.js';
import { SoftwareAuthenticator } from '../../helpers/software-authenticator.js';
import { ACR } from '../../../src/provider/acr.js';

let app: TestApp;
let issuer: string;
let rp: oidc.Configuration;
let people = 0;

beforeAll(async () => {
  const port = await freePort();
  app = await createTestApp({ port, env: { ISSUER: `http://localhost:${port}` } });
  issuer = app.config.http.issuer;
  rp = await discover({ issuer }, await registerClient(app, { firstParty: true }));
});
afterAll(() => app.close());

async function newPerson() {
  people += 1;
  const person = { email: `offer${people}@example.com`, password: 'a password to replace' };
  await app.services.accounts.create(person);
  return person;
}

/** A password sign-in as a browser whose page script says (or not) that it can make passkeys. */
async function passwordSignIn(person: { email: string; password: string }, capable: boolean) {
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const page1 = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  const page2 = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: person.email });
  expect(page2.page.document.querySelector('form[action$="/login/password"] input[data-passkey-capable]')).not.toBeNull();
  const outcome = await browser.submit(page2.page, 'form[action$="/login/password"]',
    { password: person.password, ...(capable ? { passkeys: 'yes' } : {}) }, { stopAt: toCallback });
  return { browser, request, outcome };
}

const isOffer = (page: Page) => page.document.querySelector('h1')?.text === 'Sign in faster next time: add a passkey';

async function claimsOf(callback: string, request: Awaited<ReturnType<typeof authorizationRequest>>) {
  return (await oidc.authorizationCodeGrant(rp, new URL(callback), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  })).claims()!;
}

test('a browser that cannot make passkeys is not offered one', async () => {
  const { outcome } = await passwordSignIn(await newPerson(), false);
  expect(outcome.stoppedAt).toBeDefined();
});

test("offered after the password; 'Not now' goes on to the application and the offer does not come back", async () => {
  const person = await newPerson();
  const { request, outcome, browser } = await passwordSignIn(person, true);
  expect(outcome.stoppedAt).toBeUndefined();
  expect(isOffer(outcome.page)).toBe(true);
  expect(outcome.page.document.querySelector('form[data-passkey] button')?.text.trim()).toBe('Add a passkey');

  const notNow = await browser.submit(outcome.page, 'form[action$="/passkey-offer/dismiss"]', {}, { stopAt: toCallback });
  expect(await claimsOf(notNow.stoppedAt!, request)).toMatchObject({ acr: ACR.singleFactor, amr: ['pwd'] });
  expect((await passwordSignIn(person, true)).outcome.stoppedAt).toBeDefined();
});

test("'Add a passkey' makes one there and goes on; the next sign-in is not offered one, and can use it", async () => {
  const person = await newPerson();
  const { request, outcome, browser } = await passwordSignIn(person, true);
  expect(isOffer(outcome.page)).toBe(true);
  const key = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  const { options } = await askPasskeyOptions(browser, outcome.page);
  const added = await browser.submit(outcome.page, 'form[data-passkey]', { response: JSON.stringify(key.create(options)) }, { stopAt: toCallback });
  // The sign-in it interrupted goes on, as the password made it.
  expect(await claimsOf(added.stoppedAt!, request)).toMatchObject({ acr: ACR.singleFactor, amr: ['pwd'] });
  const account = await app.services.accountRepository.findByEmail(person.email);
  expect((await app.services.passkeys.list(account!.id)).map((passkey) => passkey.name)).toEqual([expect.stringMatching(/ on /)]);

  expect((await passwordSignIn(person, true)).outcome.stoppedAt).toBeDefined();
  const withKey = new TestBrowser();
  const next = await authorizationRequest(rp);
  const { page } = await withKey.navigate(next.url.toString(), { stopAt: toCallback });
  const { options: signInOptions } = await askPasskeyOptions(withKey, page);
  const signedIn = await withKey.submit(page, 'form[data-passkey]', { response: JSON.stringify(key.get(signInOptions)) }, { stopAt: toCallback });
  expect(await claimsOf(signedIn.stoppedAt!, next)).toMatchObject({ acr: ACR.phishingResistant });
});

test("'Not now' is refused where no offer is waiting (page 1 of a sign-in), with the page's message and no sign-in", async () => {
  const browser = new TestBrowser();
  const { page } = await browser.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback });
  const uid = new URL(page.url).pathname.split('/')[2]!;
  const refused = await browser.request(`${issuer}/interaction/${uid}/passkey-offer/dismiss`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: new URL(issuer).origin },
    body: new URLSearchParams({ _csrf: page.document.querySelector('input[name="_csrf"]')!.getAttribute('value')! }).toString(),
  });
  expect(refused.status).toBe(400);
  expect(await refused.text()).toContain('This step of the sign-in is not expected now');
});
