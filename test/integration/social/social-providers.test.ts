// Google, Facebook, Microsoft, LinkedIn, Apple and LastPass against local stand-ins: not connected,
// connect from My account, sign in, no further steps while signed in at the provider, cancelled consent,
// an error from the provider, a callback from another browser, disconnect.
import * as oidc from 'openid-client';

import { TestBrowser, type Outcome } from '../../helpers/browser.js';
import { startCompanyIdp, type CompanyIdp } from '../../helpers/company-idp.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { startSocialStandIn, type SocialStandIn, type StandInKind } from '../../helpers/social-standins.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { freePort } from '../../helpers/free-port.js';
import { exchange } from '../mfa/mfa-helpers.js';
import { decideAtProvider, startWithProvider } from './social-helpers.js';

const KINDS: StandInKind[] = ['google', 'facebook', 'microsoft', 'linkedin', 'apple'];
const LABELS: Record<string, string> = { google: 'Google', facebook: 'Facebook', microsoft: 'Microsoft', linkedin: 'LinkedIn', apple: 'Apple', lastpass: 'LastPass' };
const CLIENT = { id: 'gotoassist-social', secret: 'social-client-secret-0123456789' };

let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
const standIns = new Map<string, SocialStandIn>();
let lastpass: CompanyIdp;
const lastpassAccounts: Record<string, { email: string; email_verified: boolean; name: string }> = {};
let counter = 0;

beforeAll(async () => {
  for (const kind of KINDS) {
    standIns.set(kind, await startSocialStandIn(kind, CLIENT));
  }
  const env = Object.assign({}, ...[...standIns.values()].map((standIn) => standIn.env)) as Record<string, string>;
  // LastPass: any OpenID provider by its issuer; here oidc-provider itself, which must know our callback.
  const port = await freePort();
  lastpass = await startCompanyIdp({
    clients: [{ client_id: CLIENT.id, client_secret: CLIENT.secret, redirect_uris: [`http://127.0.0.1:${port}/social/lastpass/callback`] }],
    accounts: lastpassAccounts,
  });
  ({ app, sink, rp } = await createTestbed({
    port, env: { ...env, LASTPASS_ISSUER: lastpass.issuer, LASTPASS_CLIENT_ID: CLIENT.id, LASTPASS_CLIENT_SECRET: CLIENT.secret },
  }));
}, 60_000);
afterAll(async () => {
  await closeTestbed({ app, sink });
  await lastpass?.close();
  for (const standIn of standIns.values()) {
    await standIn.close();
  }
});

test('the sign-in page shows a button for each enabled provider, at the bottom', async () => {
  const { page } = await new TestBrowser().navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback });
  expect(page.document.querySelectorAll('a.social-button').map((link) => link.text.trim())).toEqual([
    'Sign in with Google', 'Sign in with Facebook', 'Sign in with Microsoft', 'Sign in with LinkedIn', 'Sign in with Apple', 'Sign in with LastPass',
  ]);
});

describe.each([...KINDS, 'lastpass'])('%s', (kind) => {
  const label = LABELS[kind]!;
  let user: { email: string; password: string };
  let providerUser: string;

  beforeAll(async () => {
    counter += 1;
    user = { email: `${kind}${counter}@example.com`, password: `${kind} member password` };
    await app.services.accounts.create(user);
    providerUser = `${kind}-user-${counter}`;
    const profile = { id: providerUser, email: `${providerUser}@${kind}.example`, name: 'Pat Provider' };
    standIns.get(kind)?.users.set(providerUser, profile);
    lastpassAccounts[providerUser] = { email: profile.email, email_verified: true, name: profile.name };
  });

  const signInWithProvider = async (browser: TestBrowser) => {
    const request = await authorizationRequest(rp);
    const atProvider = await startWithProvider(browser, request.url.toString(), label);
    return { request, back: await decideAtProvider(browser, atProvider, providerUser) };
  };

  test('an identity that is not connected signs nobody in, and says how to connect it', async () => {
    const { back } = await signInWithProvider(new TestBrowser());
    expect(back.stoppedAt).toBeUndefined();
    expect(back.page.status).toBe(403);
    expect(back.page.document.querySelector('[role="alert"]')?.text).toContain(`then connect ${label} from My account`);
  });

  test('connect it from My account, then sign in with it; while signed in at the provider, no further steps', async () => {
    const browser = new TestBrowser();
    const accountStart = await browser.navigate(`${app.issuer}/account`);
    const account = (await signInThroughForms(browser, accountStart.page.url, user)).page;
    const connect = account.document.querySelector(`a[href="/account/connections/${kind}/connect"]`)!;
    const atProvider = await browser.navigate(new URL(connect.getAttribute('href')!, app.issuer).toString(), { stopAt: toCallback });
    const connected = (await decideAtProvider(browser, atProvider, providerUser)).page;
    expect(connected.url).toBe(`${app.issuer}/account?done=connected`);
    const row = connected.document.querySelectorAll('table.connections tr').find((tr) => tr.querySelector('td')?.text === label)!;
    expect(row.text).toContain('Connected');

    const { request, back } = await signInWithProvider(new TestBrowser());
    const tokens = await exchange(rp, back.stoppedAt!, request);
    const accountId = (await app.services.accountRepository.findByEmail(user.email))!.id;
    expect(tokens.claims()).toMatchObject({ sub: accountId, email: user.email, amr: ['fed'] });

    // This browser is signed in at the provider and approved before: straight through.
    await browser.dropCookies(app.issuer, ['_session', '_session.sig']);
    const again = await authorizationRequest(rp);
    const direct = await startWithProvider(browser, again.url.toString(), label);
    expect(direct.stoppedAt).toBeDefined();
  });

  if (kind !== 'lastpass') {
    test('PKCE where the provider takes it; Apple authenticates with a signed client secret', () => {
      const last = standIns.get(kind)!.tokenRequests.at(-1)!;
      if (['google', 'facebook', 'microsoft'].includes(kind)) {
        expect(last['code_verifier']).toMatch(/^[A-Za-z0-9_-]{43,128}$/);
      }
      if (kind === 'apple') {
        expect(last['client_secret']!.split('.')).toHaveLength(3);
      }
    });

    test('cancelled consent at the provider', async () => {
      const browser = new TestBrowser();
      const atProvider = await startWithProvider(browser, (await authorizationRequest(rp)).url.toString(), label);
      const back = await decideAtProvider(browser, atProvider, providerUser, 'deny');
      expect(back.page.status).toBe(400);
      expect(back.page.document.querySelector('[role="alert"]')?.text).toContain(`${label} did not let you in`);
      expect(back.page.document.querySelector('a.button-link')?.text).toBe('Back to sign in');
    });

    test('the provider answering with an error', async () => {
      standIns.get(kind)!.failAuthorization = { error: 'server_error', description: 'The provider is having a bad day' };
      const back = await startWithProvider(new TestBrowser(), (await authorizationRequest(rp)).url.toString(), label);
      expect(back.page.status).toBe(400);
      expect(back.page.body).toContain('The provider is having a bad day');
    });
  }

  test('a callback that another browser started is refused', async () => {
    const victim = new TestBrowser();
    const atProvider: Outcome = await startWithProvider(victim, (await authorizationRequest(rp)).url.toString(), label);
    const state = new URL(atProvider.page.url).searchParams.get('state') ?? 'x'.repeat(32);
    const forged = await new TestBrowser().navigate(`${app.issuer}/social/${kind}/callback?state=${state}&code=stolen`);
    expect(forged.page.status).toBe(400);
    expect(forged.page.body).toContain('did not start in this browser');
  });

  test('disconnect it: it signs nobody in any more', async () => {
    const browser = new TestBrowser();
    const accountStart = await browser.navigate(`${app.issuer}/account`);
    const account = (await signInThroughForms(browser, accountStart.page.url, user)).page;
    const done = (await browser.submit(account, `form[action="/account/connections/${kind}/disconnect"]`)).page;
    expect(done.document.querySelector('.notice')?.text).toBe('The account is disconnected.');
    const { back } = await signInWithProvider(new TestBrowser());
    expect(back.page.status).toBe(403);
  });
});
