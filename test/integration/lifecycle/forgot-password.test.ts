// 'Forgot password?' to a new password: the same answer for every email, a single-use link that expires
// after 60 minutes and is replaced by a newer one, and 'Sign out of all sessions'.
import * as oidc from 'openid-client';

import { sha256 } from '../../../src/core/random-token.js';
import { TestBrowser, type Page } from '../../helpers/browser.js';
import { type TestApp } from '../../helpers/create-test-app.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { authorizationRequest, signIn, toCallback } from '../../helpers/relying-party.js';
import { linkIn, type SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';

const user = { email: 'forgetful@example.com', password: 'my old long password', name: 'Forgetful Fred' };
const clock = new TestClock();
let sink: SmtpSink;
let app: TestApp;
let rp: oidc.Configuration;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({ clock }));
  await app.services.accounts.create(user);
});
afterAll(() => closeTestbed({ app, sink }));

let counter = 0;
/** Each test uses its own account, and sits on its own network, so that throttling does not mix them. */
async function freshUser() {
  counter += 1;
  const fresh = { ...user, email: `forgetful${counter}@example.com` };
  await app.services.accounts.create(fresh);
  return fresh;
}
const browserFor = () => new TestBrowser({ headers: { 'x-forwarded-for': `10.1.0.${counter}` } });

async function requestReset(browser: TestBrowser, email: string): Promise<Page> {
  const { page } = await browser.navigate(`${app.issuer}/password/forgot`);
  return (await browser.submit(page, 'form[action="/password/forgot"]', { email })).page;
}

async function resetPageFromMail(browser: TestBrowser, email: string): Promise<Page> {
  const mail = await sink.next(email);
  expect(mail.subject).toBe('Forgot Your Password');
  return (await browser.navigate(linkIn(mail, `${app.issuer}/password/reset?token=`))).page;
}

const setPassword = (browser: TestBrowser, page: Page, password: string, signOutEverywhere: boolean) =>
  browser.submit(page, 'form[action="/password/reset"]', {
    password, confirm: password, ...(signOutEverywhere ? { signOutEverywhere: 'yes' } : { signOutEverywhere: '' }),
  });

test('the sign-in page links to a form with "Email address" and "Reset Password", filled with the email already typed', async () => {
  const browser = new TestBrowser();
  const { url } = await authorizationRequest(rp);
  const page1 = await browser.navigate(url.toString(), { stopAt: toCallback });
  const page2 = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: user.email });
  const forgot = await browser.navigate(new URL(page2.page.document.querySelector('a[href^="/password/forgot"]')!.getAttribute('href')!, app.issuer).toString());
  expect(forgot.page.document.querySelector('label[for="email"]')?.text).toBe('Email address');
  expect(forgot.page.document.querySelector('input#email')?.getAttribute('value')).toBe(user.email);
  expect(forgot.page.document.querySelector('form[action="/password/forgot"] button')?.text.trim()).toBe('Reset Password');
});

test('from the password page, the email is carried over, and after the reset "Continue signing in" returns to the app', async () => {
  const known = await freshUser();
  const browser = browserFor();
  const request = await authorizationRequest(rp);
  const page1 = await browser.navigate(request.url.toString(), { stopAt: toCallback });
  const page2 = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: known.email });
  const forgotUrl = new URL(page2.page.document.querySelector('a[href^="/password/forgot"]')!.getAttribute('href')!, app.issuer);
  const forgot = (await browser.navigate(forgotUrl.toString())).page;
  await browser.submit(forgot, 'form[action="/password/forgot"]'); // the email as filled in
  const reset = await resetPageFromMail(browser, known.email);
  const done = (await setPassword(browser, reset, 'the new long password', false)).page;
  const next = done.document.querySelector('a[href^="/interaction/"]');
  expect(next?.text).toBe('Continue signing in');
  const identifier = (await browser.navigate(new URL(next!.getAttribute('href')!, app.issuer).toString(), { stopAt: toCallback })).page;
  expect(identifier.document.querySelector('input#email')?.getAttribute('value')).toBe(known.email);
  const password = (await browser.submit(identifier, 'form[action$="/login/identifier"]')).page;
  const back = await browser.submit(password, 'form[action$="/login/password"]', { password: 'the new long password' }, { stopAt: toCallback });
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(back.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
  expect(tokens.claims()?.['email']).toBe(known.email);
  await sink.next(known.email); // the 'password was changed' notice
});

test('the answer is the same whether or not the account exists; only an account gets mail', async () => {
  const known = await freshUser();
  const a = await requestReset(browserFor(), known.email);
  const b = await requestReset(browserFor(), 'nobody-at-all@example.com');
  expect(a.status).toBe(200);
  expect(b.status).toBe(a.status);
  const masked = (page: Page, email: string) => page.body.replaceAll(email, 'X').replaceAll(encodeURIComponent(email), 'X');
  expect(masked(b, 'nobody-at-all@example.com')).toBe(masked(a, known.email));
  expect(a.document.querySelector('a[href^="/password/forgot/help"]')?.text).toBe("Why didn't I get my Reset Password email?");
  await sink.next(known.email);
  await new Promise((resolve) => setTimeout(resolve, 300));
  expect(sink.to('nobody-at-all@example.com')).toHaveLength(0);
});

test('the email carries a link to a page with "Sign out of all sessions"; the token is stored only as a hash', async () => {
  const known = await freshUser();
  const browser = browserFor();
  await requestReset(browser, known.email);
  const mail = await sink.next(known.email);
  expect(mail.html).toContain('Forgot Your Password');
  const link = linkIn(mail, `${app.issuer}/password/reset?token=`);
  const token = new URL(link).searchParams.get('token')!;
  const rows = await app.services.storage.database.sql.query<{ token_hash: string }>('SELECT token_hash FROM account_tokens');
  expect(rows.map((row) => row.token_hash)).toContain(sha256(token));
  expect(JSON.stringify(rows)).not.toContain(token);
  const page = (await browser.navigate(link)).page;
  expect(page.document.querySelector('label[for="signOutEverywhere"]')?.text).toBe('Sign out of all sessions');
});

test('a link works once', async () => {
  const known = await freshUser();
  const browser = browserFor();
  await requestReset(browser, known.email);
  const page = await resetPageFromMail(browser, known.email);
  const done = await setPassword(browser, page, 'brand new long password', false);
  expect(done.page.body).toContain('Your password has been changed');
  const again = await setPassword(browser, page, 'another new long password', false);
  expect(again.page.status).toBe(410);
  expect(again.page.body).toContain('already used');
  await expect(app.services.password.authenticate(known.email, 'brand new long password')).resolves.toBeDefined();
});

test('a link expires after 60 minutes', async () => {
  const known = await freshUser();
  const browser = browserFor();
  await requestReset(browser, known.email);
  const mail = await sink.next(known.email);
  clock.advanceMinutes(59);
  expect((await browser.navigate(linkIn(mail, `${app.issuer}/password/reset`))).page.status).toBe(200);
  clock.advanceMinutes(2);
  const expired = (await browser.navigate(linkIn(mail, `${app.issuer}/password/reset`))).page;
  expect(expired.status).toBe(410);
  expect(expired.body).toContain('expired');
});

test('a new request invalidates the older link', async () => {
  const known = await freshUser();
  const browser = browserFor();
  await requestReset(browser, known.email);
  const first = await sink.next(known.email);
  clock.advanceMinutes(2); // past the one-email-a-minute rule
  await requestReset(browser, known.email);
  const second = await sink.next(known.email);
  expect((await browser.navigate(linkIn(first, `${app.issuer}/password/reset`))).page.status).toBe(410);
  expect((await browser.navigate(linkIn(second, `${app.issuer}/password/reset`))).page.status).toBe(200);
});

test('passwords are checked against the rules on the form', async () => {
  const known = await freshUser();
  const browser = browserFor();
  await requestReset(browser, known.email);
  const page = await resetPageFromMail(browser, known.email);
  const common = await setPassword(browser, page, 'password123', false);
  expect(common.page.status).toBe(400);
  expect(common.page.document.querySelector('#password-error')?.text).toMatch(/too common/);
  const mismatch = await browser.submit(page, 'form[action="/password/reset"]', { password: 'one long password', confirm: 'another long password' });
  expect(mismatch.page.document.querySelector('#password-error')?.text).toBe('The two passwords are not the same.');
  // The refused attempts did not use the link up.
  expect((await setPassword(browser, page, 'a fine long password', false)).page.body).toContain('Your password has been changed');
});

test('"Sign out of all sessions" ends other sessions and revokes refresh tokens; unchecked, they stay', async () => {
  for (const signOutEverywhere of [false, true]) {
    const known = await freshUser();
    const elsewhere = browserFor();
    const { tokens } = await signIn(rp, elsewhere, known, { scope: 'openid offline_access', prompt: 'consent' });
    const browser = browserFor();
    await requestReset(browser, known.email);
    const page = await resetPageFromMail(browser, known.email);
    await setPassword(browser, page, `new long password ${signOutEverywhere}`, signOutEverywhere);

    const { url } = await authorizationRequest(rp);
    const sso = await elsewhere.navigate(url.toString(), { stopAt: toCallback });
    expect(sso.stoppedAt !== undefined).toBe(!signOutEverywhere);
    const refresh = oidc.refreshTokenGrant(rp, tokens.refresh_token!);
    if (signOutEverywhere) {
      await expect(refresh).rejects.toMatchObject({ error: 'invalid_grant' });
    } else {
      await expect(refresh).resolves.toBeDefined();
    }
    const notice = await sink.next(known.email);
    expect(notice.subject).toBe('Your GoToAssist password was changed');
  }
});

test("the help page explains, and sending again must wait a minute", async () => {
  const known = await freshUser();
  const browser = browserFor();
  const sent = await requestReset(browser, known.email);
  await sink.next(known.email);
  const help = (await browser.navigate(new URL(sent.document.querySelector('a[href^="/password/forgot/help"]')!.getAttribute('href')!, app.issuer).toString())).page;
  expect(help.document.querySelector('h1')?.text).toBe("Why didn't I get my Reset Password email?");
  expect(help.body).toContain('spam or junk folder');
  expect(help.body).toContain(known.email);
  const tooSoon = await browser.submit(help, 'form[action="/password/forgot"]');
  expect(tooSoon.page.status).toBe(429);
  expect(tooSoon.page.body).toMatch(/You can send another in \d+ seconds/);
  clock.advanceMinutes(1);
  const resent = await browser.submit(help, 'form[action="/password/forgot"]');
  expect(resent.page.status).toBe(200);
  await sink.next(known.email);
});

test('an account not activated yet gets a fresh activation email instead', async () => {
  counter += 1;
  const invited = await app.services.invitations.invite({ email: `invited${counter}@example.com`, invitedBy: 'Ada' });
  const firstInvite = await sink.next(invited.email);
  clock.advanceMinutes(2);
  await requestReset(browserFor(), invited.email);
  const fresh = await sink.next(invited.email);
  expect(fresh.subject).toBe('Ada invited you to GoToAssist');
  expect(linkIn(fresh, `${app.issuer}/activate`)).not.toBe(linkIn(firstInvite, `${app.issuer}/activate`));
  expect((await new TestBrowser().navigate(linkIn(firstInvite, `${app.issuer}/activate`))).page.status).toBe(410);
});

test('requests are throttled per email address', async () => {
  const known = await freshUser();
  const statuses: number[] = [];
  for (let i = 0; i < 6; i += 1) {
    clock.advanceMinutes(2);
    statuses.push((await requestReset(browserFor(), known.email)).status);
  }
  expect(statuses.slice(0, 2)).toEqual([200, 200]);
  expect(statuses).toContain(429);
});
