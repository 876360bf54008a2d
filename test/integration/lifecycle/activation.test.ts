// New-user activation: an administrator grants access (CLI user:invite), the invitee follows the email's
// link, sees who invited them, creates a password and is signed in.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import * as oidc from 'openid-client';

import { TestBrowser, type Page } from '../../helpers/browser.js';
import { type TestApp } from '../../helpers/create-test-app.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { runCli } from '../../helpers/processes.js';
import { authorizationRequest, signIn, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import { linkIn, type SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';
import { testSecrets } from '../../helpers/test-secrets.js';

const clock = new TestClock();
let sink: SmtpSink;
let app: TestApp;
let rp: oidc.Configuration;
let counter = 0;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({ clock }));
});
afterAll(() => closeTestbed({ app, sink }));

async function invite(name = 'Ivy Invitee') {
  counter += 1;
  const email = `invitee${counter}@example.com`;
  await app.services.invitations.invite({ email, name, invitedBy: 'Alice Admin' });
  const mail = await sink.next(email);
  return { email, mail, link: linkIn(mail, `${app.issuer}/activate?token=`) };
}

const activate = (browser: TestBrowser, page: Page, password: string, confirm = password) =>
  browser.submit(page, 'form[action="/activate"]', { password, confirm });

test('the invitation email says who invited; the page greets the invitee and asks for a password', async () => {
  const { mail, link, email } = await invite();
  expect(mail.subject).toBe('Alice Admin invited you to GoToAssist');
  expect(mail.text).toContain('expires in 7 days');
  const { page } = await new TestBrowser().navigate(link);
  expect(page.status).toBe(200);
  expect(page.document.querySelector('h1')?.text).toBe('Welcome, Ivy Invitee');
  expect(page.body).toContain('Alice Admin gave you access to GoToAssist');
  expect(page.document.querySelector('input#email')?.getAttribute('value')).toBe(email);
});

test('until activated the account cannot sign in, with the usual message', async () => {
  const { email } = await invite();
  const outcome = await signInThroughForms(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), { email, password: 'any password at all' });
  expect(outcome.page.status).toBe(401);
  expect(outcome.page.document.querySelector('#password-error')?.text).toBe('The email address or password is incorrect.');
});

test('creating the password activates the account and signs the invitee in, to My account', async () => {
  const { link, email } = await invite();
  const browser = new TestBrowser();
  const { page } = await browser.navigate(link);
  expect((await activate(browser, page, 'short')).page.document.querySelector('#password-error')?.text).toMatch(/at least 8/);
  expect((await activate(browser, page, 'one long password', 'another one')).page.document.querySelector('#password-error')?.text)
    .toBe('The two passwords are not the same.');
  const done = await activate(browser, page, 'my very own password');
  expect(done.page.url).toBe(`${app.issuer}/account?activated=1`);
  expect(done.page.document.querySelector('.notice')?.text).toContain('Your account is active');
  expect(done.page.document.querySelector('.account-email')?.text).toBe(email);

  // Signed in: an application gets straight through; and the password works in a new browser.
  const { url } = await authorizationRequest(rp);
  expect((await browser.navigate(url.toString(), { stopAt: toCallback })).stoppedAt).toBeDefined();
  const { tokens } = await signIn(rp, new TestBrowser(), { email, password: 'my very own password' });
  expect(tokens.claims()!.email_verified).toBe(true);
});

test('a used link explains what happened', async () => {
  const { link } = await invite();
  const browser = new TestBrowser();
  await activate(browser, (await browser.navigate(link)).page, 'my very own password');
  const again = (await new TestBrowser().navigate(link)).page;
  expect(again.status).toBe(410);
  expect(again.body).toContain('already used');
  expect(again.document.querySelector('a[href="/password/forgot"]')).not.toBeNull();
});

test('a link expires after 7 days and says how to get a new one', async () => {
  const { link } = await invite();
  clock.advanceMinutes(7 * 24 * 60 + 1);
  const page = (await new TestBrowser().navigate(link)).page;
  expect(page.status).toBe(410);
  expect(page.body).toContain('expired');
  expect(page.body).toContain('Forgot password?');
});

test('user:invite from the CLI sends the activation email (embedded default, no server running)', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'idp-invite-'));
  try {
    const result = await runCli(['user:invite', '--email', 'cli-invitee@example.com', '--name', 'Cli Invitee', '--invited-by', 'Ops Team'],
      { DATA_DIR: dataDir, SMTP_URL: sink.url, ISSUER: 'http://localhost:3000', ...testSecrets() });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/invited user cli-invitee@example.com .*activation email sent/);
    const mail = await sink.next('cli-invitee@example.com');
    expect(mail.subject).toBe('Ops Team invited you to GoToAssist');
    expect(linkIn(mail, 'http://localhost:3000/activate?token=')).toBeDefined();
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
