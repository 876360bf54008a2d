// The sign-in pages as a user meets them: page 1 (email, Keep me signed in, Next), page 2 (password,
// Sign in, Forgot password?), errors that do not tell which accounts exist, and the session cookie.
import * as oidc from 'openid-client';

import type { Account } from '../../../src/accounts/account.js';

import { TestBrowser, type Page } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, discover, registerClient, signIn, toCallback } from '../../helpers/relying-party.js';

const user = { email: 'grace@example.com', password: 'a long and private passphrase', name: 'Grace Hopper' };

let app: TestApp;
let rp: oidc.Configuration;
let account: Account;

beforeAll(async () => {
  app = await createTestApp();
  account = await app.services.accounts.create(user);
  rp = await discover(app, await registerClient(app, { firstParty: true }));
});
afterAll(() => app.close());

async function openSignIn(browser = new TestBrowser(), params: Record<string, string> = {}): Promise<Page> {
  const { url } = await authorizationRequest(rp, params);
  const outcome = await browser.navigate(url.toString(), { stopAt: toCallback });
  expect(outcome.stoppedAt).toBeUndefined();
  return outcome.page;
}

async function passwordPage(browser: TestBrowser, email: string, remember = false): Promise<Page> {
  const page1 = await openSignIn(browser);
  const { page } = await browser.submit(page1, 'form[action$="/login/identifier"]', { email, ...(remember ? { remember: 'yes' } : {}) });
  return page;
}

const labelFor = (page: Page, id: string) => page.document.querySelector(`label[for="${id}"]`)?.text.trim();

test('page 1 asks for the email with "Keep me signed in" and "Next"', async () => {
  const page = await openSignIn();
  expect(page.status).toBe(200);
  expect(labelFor(page, 'email')).toBe('Email address');
  expect(page.document.querySelector('input#email')?.getAttribute('type')).toBe('email');
  expect(labelFor(page, 'remember')).toBe('Keep me signed in');
  expect(page.document.querySelector('input#remember')?.getAttribute('type')).toBe('checkbox');
  expect(page.document.querySelector('form[action$="/login/identifier"] button[type="submit"]')?.text.trim()).toBe('Next');
  expect(page.headers.get('cache-control')).toBe('no-store');
});

test('page 2 shows the email with a way to change it, "Sign in" and "Forgot password?"', async () => {
  const browser = new TestBrowser();
  const page = await passwordPage(browser, 'Grace@Example.com ');
  expect(page.document.querySelector('.identity-email')?.text).toBe(user.email);
  expect(labelFor(page, 'password')).toBe('Password');
  expect(page.document.querySelector('form[action$="/login/password"] button[type="submit"]')?.text.trim()).toBe('Sign in');
  expect(page.document.querySelector('a[href^="/password/forgot"]')?.text).toBe('Forgot password?');

  const change = page.document.querySelector('.identity a')!.getAttribute('href')!;
  const back = await browser.navigate(new URL(change, page.url).toString());
  expect(back.page.document.querySelector('input#email')?.getAttribute('value')).toBe(user.email);
});

test('page 1 refuses something that is not an email address, on the field', async () => {
  const browser = new TestBrowser();
  const page1 = await openSignIn(browser);
  const { page } = await browser.submit(page1, 'form[action$="/login/identifier"]', { email: 'not-an-email' });
  expect(page.status).toBe(400);
  const input = page.document.querySelector('input#email')!;
  expect(input.getAttribute('aria-invalid')).toBe('true');
  expect(page.document.querySelector(`#${input.getAttribute('aria-describedby')}`)?.text).toMatch(/valid|email address/i);
  expect(input.getAttribute('value')).toBe('not-an-email');
});

test('an unknown email and a wrong password get the same answer', async () => {
  const wrongPassword = await passwordPage(new TestBrowser(), user.email);
  const unknown = await passwordPage(new TestBrowser(), 'nobody@example.com');
  const browserA = new TestBrowser();
  const a = await browserA.submit(await passwordPage(browserA, user.email), 'form[action$="/login/password"]', { password: 'wrong password!' });
  const browserB = new TestBrowser();
  const b = await browserB.submit(await passwordPage(browserB, 'nobody@example.com'), 'form[action$="/login/password"]', { password: 'wrong password!' });
  expect(wrongPassword.status).toBe(unknown.status);
  expect(a.page.status).toBe(401);
  expect(b.page.status).toBe(401);
  const message = (page: Page) => page.document.querySelector('#password-error')?.text;
  expect(message(a.page)).toBe('The email address or password is incorrect.');
  expect(message(b.page)).toBe(message(a.page));
});

test('"Keep me signed in" gives a persistent session cookie of 30 days; without it, a browser-session cookie', async () => {
  const sessionCookie = async (remember: boolean) => {
    const browser = new TestBrowser();
    await signIn(rp, browser, { ...user, remember });
    const cookies = await browser.jar.getCookies(app.issuer);
    return cookies.find((cookie) => cookie.key === '_session')!;
  };
  const kept = await sessionCookie(true);
  const days = ((kept.expires as Date).getTime() - Date.now()) / 86_400_000;
  expect(days).toBeGreaterThan(29.9);
  expect(days).toBeLessThanOrEqual(30);
  expect(kept.httpOnly).toBe(true);

  const browserSession = await sessionCookie(false);
  expect(browserSession.expires).toBe('Infinity');
});

test('a form posted without its CSRF token is refused', async () => {
  const browser = new TestBrowser();
  const page1 = await openSignIn(browser);
  const { page } = await browser.submit(page1, 'form[action$="/login/identifier"]', { email: user.email, _csrf: 'forged' });
  expect(page.status).toBe(403);
  expect(page.body).toContain('This form has expired');
});

test('a form posted from another origin is refused', async () => {
  const browser = new TestBrowser();
  const page1 = await openSignIn(browser);
  const action = new URL(page1.document.querySelector('form[action$="/login/identifier"]')!.getAttribute('action')!, page1.url);
  const csrf = page1.document.querySelector('input[name="_csrf"]')!.getAttribute('value')!;
  const response = await browser.request(action.toString(), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'http://evil.example' },
    body: new URLSearchParams({ _csrf: csrf, email: user.email }).toString(),
  });
  expect(response.status).toBe(403);
});

test('Cancel ends the sign-in and tells the client access_denied', async () => {
  const browser = new TestBrowser();
  const page1 = await openSignIn(browser);
  const outcome = await browser.submit(page1, 'form[action$="/abort"]', {}, { stopAt: toCallback });
  expect(new URL(outcome.stoppedAt!).searchParams.get('error')).toBe('access_denied');
});

test('"Sign in" pressed again after it went through, its answer lost, goes on to the application: one sign-in', async () => {
  const signIns = async () => (await app.services.storage.database.sql.query(
    "SELECT 1 FROM audit_events WHERE account_id = $1 AND type = 'sign_in.succeeded'", [account.id])).length;
  const before = await signIns();
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const page1 = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  const { page: page2 } = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: user.email });
  // The answer to "Sign in" is the redirect that resumes the authorization request; the browser never gets it.
  const toResume = (url: string) => new URL(url).pathname.startsWith('/auth/');
  const first = await browser.submit(page2, 'form[action$="/login/password"]', { password: user.password }, { stopAt: toResume });
  expect(first.stoppedAt).toMatch(/\/auth\//);
  // The same page, the same button: on to where that redirect went, not back to page 1.
  const again = await browser.submit(page2, 'form[action$="/login/password"]', { password: user.password }, { stopAt: toResume });
  expect(again.page.status).toBe(303);
  expect(again.stoppedAt).toBe(first.stoppedAt);
  const back = await browser.navigate(again.stoppedAt!, { stopAt: toCallback });
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(back.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
  expect(tokens.claims()?.sub).toBe(account.id);
  // The step ran once: one sign-in recorded.
  expect(await signIns()).toBe(before + 1);
});

test('the resume of an authorization request, its answer lost, sent again with the same cookies: signed in, one session', async () => {
  const uids = async () => (await app.services.browserSessions.list(account.id)).map((session) => session.uid);
  const before = await uids();
  const browser = new TestBrowser();
  await signIn(rp, browser, user);
  const listed = await uids();
  const [mine] = listed.filter((uid) => !before.includes(uid));
  // Signing in again (prompt=login) in a browser with a session: the resume gives the session a new identifier.
  const request = await authorizationRequest(rp, { prompt: 'login' });
  const page1 = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  const { page: page2 } = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: user.email });
  const toResume = (url: string) => new URL(url).pathname.startsWith('/auth/');
  const { stoppedAt: resume } = await browser.submit(page2, 'form[action$="/login/password"]', { password: user.password }, { stopAt: toResume });
  // The first try went through (the session saved under its new identifier) and its answer was lost.
  const first = await browser.copy();
  const lost = await first.navigate(resume!, { stopAt: toCallback });
  expect(lost.stoppedAt).toMatch(/[?&]code=/);
  // Sent again, as a balancer does on another instance: on to the application, not an error page.
  const again = await browser.navigate(resume!, { stopAt: toCallback });
  expect(again.stoppedAt).toMatch(/[?&]code=/);
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(again.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
  expect(tokens.claims()?.sub).toBe(account.id);
  // My account lists that browser's session once, and ending it ends the old identifier too.
  expect((await uids()).sort()).toEqual(listed.sort());
  expect(await app.services.browserSessions.end(account.id, mine!)).toBe(true);
  expect(await uids()).not.toContain(mine);
  // Signed out under every identifier it had: the one the lost answer carried too.
  for (const holder of [browser, first]) {
    const afterEnd = await holder.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback });
    expect(afterEnd.stoppedAt).toBeUndefined();
  }
});

test('login_hint fills in the email', async () => {
  const page = await openSignIn(new TestBrowser(), { login_hint: 'hint@example.com' });
  expect(page.document.querySelector('input#email')?.getAttribute('value')).toBe('hint@example.com');
});

test('prompt=login asks again even with a session, and the email is filled in', async () => {
  const browser = new TestBrowser();
  await signIn(rp, browser, user);
  const page = await openSignIn(browser, { prompt: 'login' });
  expect(page.document.querySelector('input#email')?.getAttribute('value')).toBe(user.email);
});

test('the pages load nothing from other hosts and forbid inline script', async () => {
  const page = await openSignIn();
  const csp = page.headers.get('content-security-policy')!;
  expect(csp).toContain("default-src 'none'");
  expect(csp).toContain("script-src 'self'");
  expect(csp).not.toContain('unsafe-inline');
  expect(csp).toContain("frame-ancestors 'none'");
  expect(csp).toMatch(/form-action 'self'/);
  for (const element of page.document.querySelectorAll('[src], link[href]')) {
    const target = element.getAttribute('src') ?? element.getAttribute('href')!;
    expect(target.startsWith('/')).toBe(true);
  }
  // Scripts only from our own files (the passkey button and autofill), never inline; the forms work without them.
  const scripts = page.document.querySelectorAll('script').map((script) => ({ src: script.getAttribute('src'), inline: script.text.trim() }));
  expect(scripts).toEqual([{ src: '/static/webauthn.js', inline: '' }, { src: '/static/passkey.js', inline: '' }]);
  expect(page.document.querySelectorAll('[style]').length).toBe(0);
  const css = await fetch(new URL('/static/styles.css', page.url));
  expect(css.status).toBe(200);
  expect(await css.text()).not.toMatch(/url\(\s*['"]?https?:/);
});

test('the sign-in pages carry help: sign-in problems, and customers joining a session need no account', async () => {
  const page = await openSignIn();
  const browser = new TestBrowser();
  const help = (await browser.navigate(new URL(page.document.querySelector('a[href="/help/sign-in"]')!.getAttribute('href')!, page.url).toString())).page;
  expect(help.status).toBe(200);
  expect(help.document.querySelector('h1')?.text).toBe('Help signing in');
  const join = (await browser.navigate(new URL(page.document.querySelector('a[href="/help/join-session"]')!.getAttribute('href')!, page.url).toString())).page;
  expect(join.status).toBe(200);
  expect(join.body).toContain('you do not need an account');
});
