// As a person would, in Chromium with its virtual authenticator (the DevTools protocol's WebAuthn domain):
// sign in with a password on My account (turning down the passkey offered after it) and add a passkey
// there; step up to a phishing-resistant sign-in with it; on another browser holding that passkey, sign in
// to an application with 'Sign in with a passkey' alone, and on a third by autofill; remove the passkey, and
// see the next try refused.
// WebAuthn refuses IP-address origins, so the issuer here is http://localhost:PORT.
import * as oidc from 'openid-client';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';

import { createTestApp, type TestApp } from '../helpers/create-test-app.js';
import { enterEmail, enterPassword, launchChromium, Screenshots } from '../helpers/chromium.js';
import { freePort } from '../helpers/free-port.js';
import { authorizationRequest, CALLBACK, discover, registerClient } from '../helpers/relying-party.js';

const user = { email: 'pass.key@example.com', password: 'soon not needed at all' };
let app: TestApp;
let issuer: string;
let rp: oidc.Configuration;
let browser: Browser;

beforeAll(async () => {
  const port = await freePort();
  app = await createTestApp({ port, env: { ISSUER: `http://localhost:${port}` } });
  issuer = app.config.http.issuer;
  await app.services.accounts.create(user);
  rp = await discover({ issuer }, await registerClient(app, { firstParty: true }));
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await app?.close();
});

interface Authenticator {
  readonly page: Page;
  readonly cdp: CDPSession;
  readonly id: string;
}

const credentialsOf = (authenticator: Authenticator) => authenticator.cdp.send('WebAuthn.getCredentials', { authenticatorId: authenticator.id });
type Credential = Awaited<ReturnType<typeof credentialsOf>>['credentials'][number];

/** A page whose browser has a platform authenticator (resident keys, user verification by 'fingerprint'). */
async function withAuthenticator(context: BrowserContext, options: { userVerified?: boolean } = {}): Promise<Authenticator> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true,
      isUserVerified: options.userVerified ?? true, automaticPresenceSimulation: true,
    },
  });
  return { page, cdp, id: authenticatorId };
}

/**
 * Signs in to the relying party on `page` with a passkey: by the button, or by autofill (the email field
 * offers the passkey and the virtual authenticator picks it). The ID token's claims, or the page's refusal.
 * For the button, the browser is one without passkey autofill (as Firefox before 119): in Chromium the
 * page's autofill request, made as it loads, takes a passkey the virtual authenticator holds by then
 * without any click, so which ceremony signed in would depend on timing. The autofill test is the other.
 */
async function signInWithPasskey(on: Authenticator, how: 'button' | 'autofill', credential: Credential): Promise<oidc.IDToken | string> {
  const { page } = on;
  const request = await authorizationRequest(rp);
  // The redirect back to the application is read off the response (Chromium does not follow it: port 9 is
  // one it refuses to connect to).
  const back = page.waitForResponse((response) => (response.headers()['location'] ?? '').startsWith(CALLBACK));
  if (how === 'button') {
    await page.addInitScript('PublicKeyCredential.isConditionalMediationAvailable = () => Promise.resolve(false);');
  }
  await on.cdp.send('WebAuthn.addCredential', { authenticatorId: on.id, credential });
  await page.goto(request.url.toString());
  if (how === 'button') {
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
  }
  const callback = await Promise.race([
    back.then((response) => response.headers()['location']),
    page.locator('#passkey-error').waitFor().then(() => undefined),
  ]);
  if (!callback) {
    return (await page.textContent('#passkey-error'))!;
  }
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(callback), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
  return tokens.claims()!;
}

/**
 * Goes to `url` on a page whose last navigation was a redirect to the callback: Chromium may end that one on
 * its error page after our navigation has begun, interrupting it (and an interrupted one may itself go on to
 * end at `url`, interrupting the next try); so it is tried again until the page has loaded `url`.
 */
async function gotoAfterCallback(page: Page, url: string): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await page.goto(url);
      return;
    } catch (error) {
      if (!/interrupted by another navigation/.test(String(error)) || attempt === 5) {
        throw error;
      }
      await page.waitForLoadState('load').catch(() => undefined);
      if (page.url() === url) {
        return;
      }
    }
  }
}

test('add a passkey on My account, sign in with it alone on another browser, remove it and be refused', async () => {
  const shots = new Screenshots('passkeys');
  const first = await browser.newContext();
  const mine = await withAuthenticator(first);
  await mine.page.goto(`${issuer}/account`);
  await enterEmail(mine.page, user.email);
  await enterPassword(mine.page, user.password);
  // This browser can make passkeys (the password page's script asked it): one is offered; not now.
  await mine.page.getByRole('heading', { name: 'Sign in faster next time: add a passkey' }).waitFor();
  await shots.take(mine.page, 'passkey-offer');
  await mine.page.getByRole('button', { name: 'Not now' }).click();
  await mine.page.getByRole('heading', { name: 'My account' }).waitFor();
  expect(await mine.page.textContent('#passkeys')).toContain('No passkeys yet.');

  await mine.page.getByRole('link', { name: 'Add a passkey' }).click();
  await mine.page.getByRole('heading', { name: 'Add a passkey' }).waitFor();
  expect(await mine.page.getByLabel('Name').inputValue()).toMatch(/^Chrome on Linux$/);
  await mine.page.getByLabel('Name').fill('Work laptop');
  await shots.take(mine.page, 'add-passkey');
  await mine.page.getByRole('button', { name: 'Create passkey' }).click();
  await mine.page.getByText('Your passkey was added').waitFor();
  await shots.take(mine.page, 'passkey-added');
  expect(await mine.page.textContent('#passkeys')).toContain('Work laptop');
  const [stored] = await app.services.passkeys.list((await app.services.accountRepository.findByEmail(user.email))!.id);
  expect(stored).toMatchObject({ name: 'Work laptop', counter: expect.any(Number) });

  // An application asks for a phishing-resistant sign-in: the password session steps up with the passkey alone.
  const phr = await authorizationRequest(rp, { acr_values: 'urn:gotoassist:loa:phr' });
  const steppedBack = mine.page.waitForResponse((response) => (response.headers()['location'] ?? '').startsWith(CALLBACK));
  await mine.page.goto(phr.url.toString());
  await mine.page.getByRole('heading', { name: 'Confirm with a passkey' }).waitFor();
  await shots.take(mine.page, 'passkey-step-up');
  await mine.page.getByRole('button', { name: 'Use my passkey' }).click();
  const stepped = await oidc.authorizationCodeGrant(rp, new URL((await steppedBack).headers()['location']!), {
    pkceCodeVerifier: phr.verifier, expectedState: phr.state, expectedNonce: phr.nonce,
  });
  expect(stepped.claims()).toMatchObject({ acr: 'urn:gotoassist:loa:phr', amr: expect.arrayContaining(['user', 'mfa']) });
  await gotoAfterCallback(mine.page, `${issuer}/account`);

  // The same passkey on another browser (as a synced passkey would be), which has never seen a password.
  const { credentials } = await credentialsOf(mine);
  expect(credentials).toHaveLength(1);
  const credential = credentials[0]!;
  const second = await browser.newContext();
  const other = await withAuthenticator(second);
  const claims = await signInWithPasskey(other, 'button', credential);
  if (typeof claims === 'string') {
    throw new Error(`refused: ${claims}`);
  }
  // A passkey that verified the user: two factors, never a password.
  expect(claims['amr']).toEqual(expect.arrayContaining(['user', 'mfa']));
  expect(claims['amr']).not.toContain('pwd');
  expect(['hwk', 'swk'].some((value) => (claims['amr'] as string[]).includes(value))).toBe(true);
  expect(claims['acr']).toBe('urn:gotoassist:loa:phr');
  expect(claims['email']).toBe(user.email);

  // Autofill: on a third browser holding it, the email field offers the passkey and picking it signs in.
  // (Its copy is taken after the last use: a copy whose signature counter is behind is a clone, refused.)
  const third = await browser.newContext();
  const [latest] = (await credentialsOf(other)).credentials;
  const autofilled = await signInWithPasskey(await withAuthenticator(third), 'autofill', latest!);
  expect(typeof autofilled === 'string' ? autofilled : autofilled['amr']).toEqual(expect.arrayContaining(['user', 'mfa']));

  // Removed on My account: the next try, on a fourth browser holding it, is refused on the page.
  await mine.page.getByRole('button', { name: 'Remove Work laptop' }).click();
  await mine.page.getByText('The passkey was removed').waitFor();
  const fourth = await browser.newContext();
  const late = await withAuthenticator(fourth);
  const refused = await signInWithPasskey(late, 'button', credential);
  expect(refused).toBe('That passkey is not on any account here: it may have been removed. Sign in with your email address instead.');
  await shots.take(late.page, 'removed-passkey-refused');
  for (const context of [first, second, third, fourth]) {
    await context.close();
  }
}, 90_000);
