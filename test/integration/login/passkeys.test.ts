// Passkeys over HTTP, with a software authenticator whose answers the test can bend: what a relying party
// gets from a passkey sign-in (amr, acr), and every answer that must end on a clear message rather than a
// sign-in or a 500: sent twice, from another origin, for another RP ID, a counter gone back, a credential
// nobody has, not JSON at all. Also a passkey without user verification, which is one factor only.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import * as oidc from 'openid-client';

import { TestBrowser, type Page } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { freePort } from '../../helpers/free-port.js';
import { authorizationRequest, discover, registerClient, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import { addPasskeyOnAccountPage, askPasskeyOptions, type CeremonyOptionsJson } from '../../helpers/passkey-pages.js';
import { SoftwareAuthenticator, type Bend } from '../../helpers/software-authenticator.js';
import { systemClock } from '../../../src/core/clock.js';
import { totpCode } from '../../../src/mfa/totp.js';
import { enrolThroughAccountPage } from '../mfa/mfa-helpers.js';

const user = { email: 'soft.key@example.com', password: 'a password for the first time only' };
const plain = { email: 'no.uv@example.com', password: 'a password and a plain key' };
const guarded = { email: 'no.uv.totp@example.com', password: 'a plain key and an app' };

let app: TestApp;
let issuer: string;
let rp: oidc.Configuration;

beforeAll(async () => {
  const port = await freePort();
  app = await createTestApp({ port, env: { ISSUER: `http://localhost:${port}` } });
  issuer = app.config.http.issuer;
  await app.services.accounts.create(user);
  await app.services.accounts.create(plain);
  await app.services.accounts.create(guarded);
  rp = await discover({ issuer }, await registerClient(app, { firstParty: true }));
});
afterAll(() => app.close());

const addPasskey = (person: typeof user, authenticator: SoftwareAuthenticator, bend: Bend = {}) =>
  addPasskeyOnAccountPage(issuer, person, authenticator, bend);

interface Attempt {
  readonly browser: TestBrowser;
  readonly page: Page;
  readonly options: CeremonyOptionsJson;
  readonly request: Awaited<ReturnType<typeof authorizationRequest>>;
}

/** A new browser at the first sign-in page of an application, with the passkey options asked for. */
async function startSignIn(): Promise<Attempt> {
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const { page } = await browser.navigate(request.url.toString());
  const { options } = await askPasskeyOptions(browser, page);
  return { browser, page, options, request };
}

async function answer(attempt: Attempt, response: unknown) {
  const outcome = await attempt.browser.submit(attempt.page, 'form[data-passkey]',
    { response: typeof response === 'string' ? response : JSON.stringify(response) }, { stopAt: toCallback });
  return {
    ...outcome,
    error: outcome.page.document.querySelector('#passkey-error')?.textContent.trim(),
    claims: async () => (await oidc.authorizationCodeGrant(rp, new URL(outcome.stoppedAt!), {
      pkceCodeVerifier: attempt.request.verifier, expectedState: attempt.request.state, expectedNonce: attempt.request.nonce,
    })).claims()!,
  };
}

let authenticator: SoftwareAuthenticator;

beforeAll(async () => {
  authenticator = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  const page = await addPasskey(user, authenticator);
  expect(page.body).toContain('Your passkey was added');
  // The user is told by email (the embedded default writes it to DATA_DIR/outbox), as for a password change.
  const outbox = join(app.config.storage.dataDir, 'outbox');
  for (let i = 0; i < 40 && !(existsSync(outbox) && readdirSync(outbox).some((name) => name.endsWith('.eml'))); i += 1) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const mails = readdirSync(outbox).filter((name) => name.endsWith('.eml')).map((name) => readFileSync(join(outbox, name), 'utf8'));
  expect(mails.some((mail) => mail.includes(`To: ${user.email}`) && mail.includes('A passkey was added'))).toBe(true);
});

test('a user-verified passkey is two factors and phishing-resistant: amr hwk, user and mfa (never pwd), acr phr, the counter kept', async () => {
  const attempt = await startSignIn();
  const result = await answer(attempt, authenticator.get(attempt.options));
  expect(result.stoppedAt).toBeDefined();
  const claims = await result.claims();
  expect(claims['amr']).toEqual(['hwk', 'user', 'mfa']);
  expect(claims['acr']).toBe('urn:gotoassist:loa:phr');
  expect(claims['email']).toBe(user.email);
  const account = (await app.services.accountRepository.findByEmail(user.email))!;
  const [stored] = await app.services.passkeys.list(account.id);
  expect(stored!.lastUsedAt).not.toBeNull();
  expect(stored!.counter).toBeGreaterThan(0);
});

test('an answer sent again finds its challenge used, and one from another sign-in does not match', async () => {
  const attempt = await startSignIn();
  const good = authenticator.get(attempt.options);
  expect((await answer(attempt, good)).stoppedAt).toBeDefined();

  const again = await startSignIn();
  const replayed = await answer(again, good);
  expect(replayed.stoppedAt).toBeUndefined();
  expect(replayed.page.status).toBe(401);
  expect(replayed.error).toBe('Your passkey could not be checked. Try again, or sign in with your email address.');
  // That try used the challenge up: the right answer to it now comes too late.
  const late = await answer(again, authenticator.get(again.options));
  expect(late.page.status).toBe(400);
  expect(late.error).toBe('That took too long, or the page was used twice. Try the passkey again.');
});

test.each([
  ['another origin', { origin: 'https://login.evil.example' }],
  ['another RP ID', { rpId: 'evil.example' }],
])('an answer for %s is refused', async (_name, bend) => {
  const attempt = await startSignIn();
  const result = await answer(attempt, authenticator.get(attempt.options, bend));
  expect(result.stoppedAt).toBeUndefined();
  expect(result.page.status).toBe(401);
  expect(result.error).toBe('Your passkey could not be checked. Try again, or sign in with your email address.');
});

test("an answer naming another user than the passkey's is refused", async () => {
  const attempt = await startSignIn();
  const answer0 = authenticator.get(attempt.options);
  const forged = { ...answer0, response: { ...answer0.response, userHandle: Buffer.from('someone-else').toString('base64url') } };
  const result = await answer(attempt, forged);
  expect(result.page.status).toBe(401);
  expect(result.stoppedAt).toBeUndefined();
});

test('a signature counter that goes back (a cloned authenticator) is refused', async () => {
  const attempt = await startSignIn();
  const result = await answer(attempt, authenticator.get(attempt.options, { counter: 1 }));
  expect(result.page.status).toBe(401);
  expect(result.error).toMatch(/^This passkey looks copied from another device/);
});

test('a credential nobody has, and an answer that is not a credential, end on the page', async () => {
  const stranger = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  const attempt = await startSignIn();
  const unknown = await answer(attempt, stranger.get(attempt.options));
  expect(unknown.page.status).toBe(401);
  expect(unknown.error).toMatch(/^That passkey is not on any account here/);
  for (const junk of ['not json', '{"id":"x"}', JSON.stringify({ ...stranger.get(attempt.options), type: 'password' })]) {
    const next = await startSignIn();
    const result = await answer(next, junk);
    expect(result.page.status).toBe(401);
    expect(result.error).toBe('Your passkey could not be checked. Try again, or sign in with your email address.');
  }
});

test('a passkey without user verification is one factor: acr 1fa, and no code page without two-step verification', async () => {
  const plainKey = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  await addPasskey(plain, plainKey, { userVerified: false });
  const attempt = await startSignIn();
  const result = await answer(attempt, plainKey.get(attempt.options, { userVerified: false }));
  const claims = await result.claims();
  expect(claims['amr']).toEqual(['hwk']);
  expect(claims['acr']).toBe('urn:gotoassist:loa:1fa');
});

test('a passkey without user verification on an account with two-step verification goes on to the code: amr hwk and otp', async () => {
  const { secret, codes } = await enrolThroughAccountPage({ issuer }, new TestBrowser(), guarded, systemClock);
  const plainKey = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  // Adding it needs a recent sign-in, which now asks for a second factor too (a recovery code here).
  const browser = new TestBrowser();
  const first = await signInThroughForms(browser, `${issuer}/account`, guarded);
  await browser.submit(first.page, 'form[action$="/mfa"]', { method: 'recovery', code: codes[0]! });
  const { page } = await browser.navigate(`${issuer}/account/passkeys/add`);
  const { options: creation } = await askPasskeyOptions(browser, page);
  const added = await browser.submit(page, 'form[data-passkey]', { name: 'Plain key', response: JSON.stringify(plainKey.create(creation, { userVerified: false })) });
  expect(added.page.body).toContain('Your passkey was added');

  const attempt = await startSignIn();
  const result = await answer(attempt, plainKey.get(attempt.options, { userVerified: false }));
  expect(result.stoppedAt).toBeUndefined();
  expect(new URL(result.page.url).pathname).toMatch(/^\/interaction\/[^/]+\/mfa$/);
  // The code that turned two-step on may still be the current one: the next time-step's is fresh.
  const coded = await attempt.browser.submit(result.page, 'form[action$="/mfa"]', { code: await totpCode(secret, new Date(Date.now() + 30_000)) },
    { stopAt: toCallback });
  const claims = (await oidc.authorizationCodeGrant(rp, new URL(coded.stoppedAt!), {
    pkceCodeVerifier: attempt.request.verifier, expectedState: attempt.request.state, expectedNonce: attempt.request.nonce,
  })).claims()!;
  expect(claims['amr']).toEqual(['hwk', 'otp']);
  expect(claims['acr']).toBe('urn:gotoassist:loa:2fa');
});

test('adding a passkey: a registration for another origin is refused, and the options need a recent sign-in', async () => {
  const browser = new TestBrowser();
  await signInThroughForms(browser, `${issuer}/account`, user);
  const { page } = await browser.navigate(`${issuer}/account/passkeys/add`);
  const { options } = await askPasskeyOptions(browser, page);
  const refused = await browser.submit(page, 'form[data-passkey]', {
    name: 'Phished', response: JSON.stringify(new SoftwareAuthenticator('https://evil.example', 'localhost').create(options)),
  });
  expect(refused.page.status).toBe(400);
  expect(refused.page.document.querySelector('#passkey-error')?.textContent).toContain('could not be checked');

  const stranger = new TestBrowser();
  const { page: start } = await stranger.navigate(`${issuer}/account/passkeys/add`);
  // Not signed in: the page is the sign-in, and the options are refused.
  expect(start.url).toContain('/interaction/');
  const denied = await stranger.request(`${issuer}/account/passkeys/options`, {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin: issuer },
    body: `_csrf=${start.document.querySelector('input[name="_csrf"]')!.getAttribute('value')!}`,
  });
  expect(denied.status).toBe(401);
  expect(await denied.json()).toEqual({ error: 'sign_in_again', location: '/account/passkeys/add' });
});
