// Brute-force defence on the sign-in form: growing delays, then a block announced on the page and by
// email to the owner, without locking the owner out from another network.
import * as oidc from 'openid-client';

import { SIGN_IN_POLICY } from '../../../src/throttling/policies.js';
import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, discover, registerClient, signIn, signInThroughForms } from '../../helpers/relying-party.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';

let sink: SmtpSink;
let rp: oidc.Configuration;
let counter = 0;

async function newUser(app: TestApp) {
  counter += 1;
  const user = { email: `target${counter}@example.com`, password: 'the real password', name: 'Target' };
  await app.services.accounts.create(user);
  return user;
}
const from = (ip: string) => new TestBrowser({ headers: { 'x-forwarded-for': ip } });
const attempt = async (browser: TestBrowser, email: string, password: string) =>
  (await signInThroughForms(browser, (await authorizationRequest(rp)).url.toString(), { email, password })).page;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(() => sink.close());

describe('with the real policy', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({ env: { SMTP_URL: sink.url, TRUST_PROXY: 'true' } });
    rp = await discover(app, await registerClient(app, { firstParty: true }));
  });
  afterAll(() => app.close());

  test('the first failures cost nothing, then each next attempt must wait', async () => {
    const user = await newUser(app);
    const browser = from('203.0.113.7');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await attempt(browser, user.email, 'wrong guess')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const waiting = await attempt(browser, user.email, user.password);
    expect(waiting.status).toBe(429);
    expect(waiting.document.querySelector('#password-error')?.text).toMatch(/^Too many attempts\. Wait \d+ seconds?, then try again\.$/);

    // The owner elsewhere is not held up.
    const { tokens } = await signIn(rp, from('198.51.100.20'), user);
    expect(tokens.claims()!.email).toBe(user.email);
  });

  test('an unknown email is throttled exactly like a known one', async () => {
    const browser = from('203.0.113.8');
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      statuses.push((await attempt(browser, 'ghost@example.com', 'wrong guess')).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
  });
});

describe('reaching the block (delays switched off to get there quickly)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await createTestApp({
      env: { SMTP_URL: sink.url, TRUST_PROXY: 'true' },
      throttlePolicies: { signIn: { ...SIGN_IN_POLICY, delay: { after: 100, maxSeconds: 1 } } },
    });
    rp = await discover(app, await registerClient(app, { firstParty: true }));
  });
  afterAll(() => app.close());

  test('ten consecutive failures block that network for 15 minutes, on the page and by email; another network still works', async () => {
    const user = await newUser(app);
    const attacker = from('203.0.113.66');
    let last;
    for (let i = 0; i < SIGN_IN_POLICY.consecutive.max; i += 1) {
      last = await attempt(attacker, user.email, `guess ${i}`);
    }
    expect(last!.status).toBe(429);
    expect(last!.document.querySelector('#password-error')?.text).toMatch(/blocked for 15 minutes/);
    // Even the right password is refused from there now.
    expect((await attempt(attacker, user.email, user.password)).status).toBe(429);

    const notice = await sink.next(user.email);
    expect(notice.subject).toBe('Sign-in to your GoToAssist account was blocked');
    expect(notice.text).toContain('203.0.113.66');
    expect(notice.text).toContain('15 minutes');

    const { tokens } = await signIn(rp, from('198.51.100.99'), user);
    expect(tokens.claims()!.email).toBe(user.email);
  });

  test('failures from many networks reach the slower limit of the account alone', async () => {
    const user = await newUser(app);
    for (let i = 0; i < SIGN_IN_POLICY.perSubject.max; i += 1) {
      await attempt(from(`192.0.2.${i + 1}`), user.email, `spread guess ${i}`);
    }
    const fromNewPlace = await attempt(from('198.51.100.200'), user.email, user.password);
    expect(fromNewPlace.status).toBe(429);
    expect((await sink.next(user.email)).subject).toBe('Sign-in to your GoToAssist account was blocked');
  });
});
