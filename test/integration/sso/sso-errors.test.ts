// Every way a company sign-in can go wrong ends on a clear page that lets the user start again: the
// provider saying no, a callback this browser did not start, a replayed callback, ID tokens that do not
// check out, a provider that cannot be reached or does not answer. Never a 500.
import type * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { startCompanyIdp, type CompanyIdp } from '../../helpers/company-idp.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { freePort } from '../../helpers/free-port.js';
import { authorizationRequest, toCallback } from '../../helpers/relying-party.js';
import { startRogueIdp, type RogueIdp, type RogueMode } from '../../helpers/rogue-idp.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';
import { toCompany } from './sso-helpers.js';

let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
let idp: CompanyIdp;
let rogue: RogueIdp;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({ env: { FEDERATION_TIMEOUT: '1' } }));
  idp = await startCompanyIdp({
    clients: [{ client_id: 'gotoassist', client_secret: 'company-secret-company-secret-0123', redirect_uris: [`${app.issuer}/sso/callback`] }],
    accounts: { erin: { email: 'erin@acme.test', email_verified: true } },
  });
  rogue = await startRogueIdp('gotoassist');
  const organizations = app.services.organizations;
  const acme = await organizations.create('Acme Corp', ['acme.test']);
  await organizations.setConnection(acme.id, { issuer: idp.issuer, clientId: 'gotoassist', clientSecret: 'company-secret-company-secret-0123' });
  const shady = await organizations.create('Shady Inc', ['rogue.example']);
  await organizations.setConnection(shady.id, { issuer: rogue.issuer, clientId: 'gotoassist', clientSecret: 'x'.repeat(32) });
  const gone = await organizations.create('Gone Ltd', ['gone.test']);
  await organizations.setConnection(gone.id, { issuer: `http://127.0.0.5:${await freePort('127.0.0.5')}`, clientId: 'gotoassist', clientSecret: 'x'.repeat(32) });
});
afterAll(async () => {
  await rogue?.close();
  await idp?.close();
  await closeTestbed({ app, sink });
});

const start = async (browser: TestBrowser, email: string) => toCompany(browser, (await authorizationRequest(rp)).url.toString(), email);

test('the company provider denying access', async () => {
  const browser = new TestBrowser();
  const atCompany = await start(browser, 'erin@acme.test');
  const abort = atCompany.page.document.querySelectorAll('a').find((link) => link.getAttribute('href')?.includes('/abort'))!;
  const back = await browser.navigate(new URL(abort.getAttribute('href')!, atCompany.page.url).toString(), { stopAt: toCallback });
  expect(back.page.status).toBe(400);
  expect(back.page.document.querySelector('[role="alert"]')?.text).toBe("Your company's sign-in did not let you in.");
  expect(back.page.document.querySelector('.hint')?.text).toContain('End-User aborted interaction');
  expect(back.page.document.querySelector('a.button-link')?.text).toBe('Start again');
});

test('a callback this browser did not start is refused', async () => {
  const victim = new TestBrowser();
  const atCompany = await start(victim, 'erin@acme.test');
  // The attacker takes the state to their own browser, which has no matching cookie.
  const callback = new URL(`${app.issuer}/sso/callback`);
  callback.searchParams.set('state', new URL(atCompany.page.url).searchParams.get('state') ?? 'x'.repeat(32));
  callback.searchParams.set('code', 'stolen');
  const attacker = await new TestBrowser().navigate(callback.toString());
  expect(attacker.page.status).toBe(400);
  expect(attacker.page.body).toContain('did not start in this browser');
});

test('a replayed callback is refused', async () => {
  const browser = new TestBrowser();
  const atCompany = await start(browser, 'erin@acme.test');
  // Stop on the way back, keep the callback, let it through, then send it again.
  const response = await browser.request(new URL(atCompany.page.document.querySelector('form:has(input[name="login"])')!.getAttribute('action')!, atCompany.page.url).toString(), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ login: 'erin', password: 'x', prompt: 'login' }).toString(),
  });
  let location = new URL(response.headers.get('location')!, atCompany.page.url).toString();
  while (!location.startsWith(`${app.issuer}/sso/callback`)) {
    const hop = await browser.request(location);
    location = new URL(hop.headers.get('location')!, location).toString();
  }
  expect((await browser.request(location)).status).toBe(303);
  const replay = await browser.navigate(location);
  expect(replay.page.status).toBe(400);
  expect(replay.page.body).toMatch(/did not start in this browser|already completed/);
});

test.each([
  ['bad-signature' as RogueMode],
  ['expired' as RogueMode],
  ['wrong-audience' as RogueMode],
  ['wrong-nonce' as RogueMode],
])('an ID token that does not check out (%s)', async (mode) => {
  rogue.mode = mode;
  const browser = new TestBrowser();
  const back = await start(browser, 'someone@rogue.example');
  expect(back.stoppedAt).toBeUndefined();
  expect(back.page.status).toBe(400);
  expect(back.page.document.querySelector('[role="alert"]')?.text).toContain('answered with something we cannot trust');
  expect(back.page.document.querySelector('code')?.text).toBe('invalid_id_token');
});

test('an unreachable provider', async () => {
  const back = await start(new TestBrowser(), 'someone@gone.test');
  expect(back.page.status).toBe(502);
  expect(back.page.document.querySelector('[role="alert"]')?.text).toContain("We could not reach your company's sign-in service");
  expect(back.page.document.querySelector('a.button-link')?.getAttribute('href')).toMatch(/^\/interaction\//);
});

test('a provider that never answers, after the timeout', async () => {
  rogue.mode = 'hang';
  try {
    const started = Date.now();
    const back = await start(new TestBrowser(), 'someone@rogue.example');
    expect(back.page.status).toBe(502);
    expect(Date.now() - started).toBeLessThan(10_000);
  } finally {
    rogue.mode = 'bad-signature';
  }
});

test('none of these left the server unwell', async () => {
  expect((await fetch(`${app.issuer}/readyz`)).status).toBe(200);
});

