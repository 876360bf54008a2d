// Two server processes on one PostgreSQL and one Redis, behind a round-robin load balancer: a sign-in
// that begins on one instance finishes on the other, a token from one is introspected on the other, and a
// code or refresh token sent 20 times at once to both is redeemed exactly once.
import * as oidc from 'openid-client';

import { TestBrowser } from '../../helpers/browser.js';
import { freePort } from '../../helpers/free-port.js';
import { runCli, startServerProcess, type ServerProcess } from '../../helpers/processes.js';
import { systemClock } from '../../../src/core/clock.js';
import { totpCode } from '../../../src/mfa/totp.js';
import { ACR } from '../../../src/provider/acr.js';
import { authorizationRequest, CALLBACK, discover, signIn, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import { enrolThroughAccountPage, exchange } from '../mfa/mfa-helpers.js';
import { askPasskeyOptions } from '../../helpers/passkey-pages.js';
import { SoftwareAuthenticator } from '../../helpers/software-authenticator.js';
import { startRoundRobinProxy, type RoundRobinProxy } from '../../helpers/round-robin-proxy.js';
import { createExternalStorage, type ExternalStorage } from '../../helpers/test-storage.js';
import { testSecrets } from '../../helpers/test-secrets.js';

const user = { email: 'twin@example.com', password: 'one of two instances' };
const client = { clientId: 'twin-app', secret: 't'.repeat(40), redirectUri: CALLBACK };

let storage: ExternalStorage;
let instances: ServerProcess[] = [];
let ports: number[];
let balancer: RoundRobinProxy;
let issuer: string;
let env: Record<string, string>;

beforeAll(async () => {
  storage = await createExternalStorage();
  const balancerPort = await freePort();
  issuer = `http://127.0.0.1:${balancerPort}`;
  ports = [await freePort(), await freePort()];
  env = { ...storage.env, ...testSecrets(), ISSUER: issuer, HOST: '127.0.0.1' };
  // Both start at once, racing to migrate the same database and create its first signing keys.
  instances = await Promise.all(ports.map((port) => startServerProcess({ ...env, PORT: String(port) })));
  balancer = await startRoundRobinProxy(balancerPort, ports);
  const cli = (...args: string[]) => runCli(args, env);
  expect((await cli('user:create', '--email', user.email, '--password', user.password)).code).toBe(0);
  expect((await cli('client:create', '--id', client.clientId, '--secret', client.secret, '--redirect-uri', CALLBACK,
    '--grant', 'authorization_code', '--grant', 'refresh_token')).code).toBe(0);
});

afterAll(async () => {
  await balancer?.close();
  await Promise.all(instances.map((instance) => instance.stop()));
  await storage?.drop();
});

test('both instances publish the same signing keys', async () => {
  const [a, b] = await Promise.all(ports.map(async (port) => (await fetch(`http://127.0.0.1:${port}/jwks`)).json()));
  expect(a).toEqual(b);
});

test('a sign-in alternates between the instances and completes', async () => {
  const rp = await discover({ issuer }, client);
  const start = balancer.served.length;
  // A third-party client: the sign-in pages, the consent screen and the code exchange, each step on the
  // other instance than the step before.
  const { tokens } = await signIn(rp, new TestBrowser(), { ...user, consent: true });
  expect(tokens.claims()!.email).toBe(user.email);
  const steps = balancer.served.slice(start);
  expect(steps.some((step) => step.path.startsWith('/interaction'))).toBe(true);
  expect(new Set(steps.map((step) => step.port))).toEqual(new Set(ports));
  for (let i = 1; i < steps.length; i += 1) {
    expect(steps[i]!.port).not.toBe(steps[i - 1]!.port);
  }
});

test("a passkey's challenges are issued by one instance and checked by the other, when adding it and signing in", async () => {
  const authenticator = new SoftwareAuthenticator(issuer, new URL(issuer).hostname);
  const browser = new TestBrowser();
  await signInThroughForms(browser, `${issuer}/account`, user);
  const portOf = (path: string) => [...balancer.served].reverse().find((step) => step.path.startsWith(path))!.port;
  const { page: addPage } = await browser.navigate(`${issuer}/account/passkeys/add`);
  const { options: creation } = await askPasskeyOptions(browser, addPage);
  const added = await browser.submit(addPage, 'form[data-passkey]', { name: 'Twin key', response: JSON.stringify(authenticator.create(creation)) });
  expect(added.page.body).toContain('Your passkey was added');
  expect(portOf('/account/passkeys/options')).not.toBe([...balancer.served].reverse().find((step) => step.path === '/account/passkeys')!.port);

  const rp = await discover({ issuer }, client);
  const request = await authorizationRequest(rp);
  const fresh = new TestBrowser();
  const { page } = await fresh.navigate(request.url.toString());
  const { options } = await askPasskeyOptions(fresh, page);
  const answered = await fresh.submit(page, 'form[data-passkey]', { response: JSON.stringify(authenticator.get(options)) }, { stopAt: toCallback });
  const optionsPort = [...balancer.served].reverse().find((step) => step.path.endsWith('/passkey/options'))!.port;
  const answerPort = [...balancer.served].reverse().find((step) => /\/passkey$/.test(step.path))!.port;
  expect(answerPort).not.toBe(optionsPort);
  // A third-party client: the consent screen, then back with a code.
  const consented = answered.stoppedAt ? answered : await fresh.submit(answered.page, 'form[action$="/consent"]', { decision: 'allow' }, { stopAt: toCallback });
  const tokens = await oidc.authorizationCodeGrant(rp, new URL(consented.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
  expect(tokens.claims()!['amr']).toEqual(['hwk', 'user', 'mfa']);
});

test('a token issued through one instance is introspected on each instance directly', async () => {
  const rp = await discover({ issuer }, client);
  const { tokens } = await signIn(rp, new TestBrowser(), { ...user, consent: true }, { scope: 'openid offline_access', prompt: 'consent' });
  for (const port of ports) {
    const response = await fetch(`http://127.0.0.1:${port}/token/introspection`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${client.clientId}:${client.secret}`).toString('base64')}`,
      },
      body: new URLSearchParams({ token: tokens.access_token }).toString(),
    });
    expect(await response.json()).toMatchObject({ active: true, client_id: client.clientId, sub: tokens.claims()!.sub });
  }
  // The refresh token rotates on whichever instance gets the request; the old one is refused on the other.
  const refreshed = await oidc.refreshTokenGrant(rp, tokens.refresh_token!);
  expect(refreshed.access_token).toBeDefined();
  await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
});

test('two-step sign-in: the password on one instance, the code on the other', async () => {
  const user2 = { email: 'twin-mfa@example.com', password: 'two instances, two steps' };
  const cli = (...args: string[]) => runCli(args, env);
  expect((await cli('user:create', '--email', user2.email, '--password', user2.password)).code).toBe(0);
  const { secret } = await enrolThroughAccountPage({ issuer }, new TestBrowser(), user2, systemClock);

  const rp = await discover({ issuer }, client);
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const codePage = await signInThroughForms(browser, request.url.toString(), user2);
  expect(codePage.page.url).toMatch(/\/mfa$/);
  const passwordPost = [...balancer.served].reverse().find((step) => step.path.endsWith('/login/password'))!;
  while (balancer.nextPort() === passwordPost.port) {
    await fetch(`${issuer}/healthz`);
  }
  // The next step's code: not the one that confirmed the enrolment, and valid within one step of skew.
  const code = await totpCode(secret, new Date(Date.now() + 30_000));
  const afterCode = await browser.submit(codePage.page, 'form[action$="/mfa"]', { code }, { stopAt: toCallback });
  // A third-party client: its consent screen comes after the sign-in.
  const done = await browser.submit(afterCode.page, 'form[action$="/consent"]', { decision: 'allow' }, { stopAt: toCallback });
  const codePost = [...balancer.served].reverse().find((step) => step.path.endsWith('/mfa'))!;
  expect(codePost.port).not.toBe(passwordPost.port);
  const tokens = await exchange(rp, done.stoppedAt!, request);
  expect(tokens.claims()).toMatchObject({ amr: ['pwd', 'otp'], acr: ACR.multiFactor });
});

test("the resume step, answered by one instance but lost, sent again to the other completes the sign-in", async () => {
  const rp = await discover({ issuer }, client);
  const browser = new TestBrowser();
  const request = await authorizationRequest(rp);
  const isResume = (url: string) => /^\/auth\/[\w-]+$/.test(new URL(url).pathname);
  const page1 = await browser.navigate(request.url.toString());
  const page2 = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email: user.email });
  const resume = await browser.submit(page2.page, 'form[action$="/login/password"]', { password: user.password }, { stopAt: isResume });
  const path = new URL(resume.stoppedAt!).pathname;

  // One instance handles it, and its answer never reaches the browser (it died as it sent it)...
  const first = balancer.served.at(-1)!.port;
  const cookie = await browser.jar.getCookieString(resume.stoppedAt!);
  const lost = await fetch(`http://127.0.0.1:${first}${path}`, { headers: { cookie }, redirect: 'manual' });
  expect(lost.status).toBe(303);
  await lost.arrayBuffer();

  // ...so the balancer sends it again, to the other instance: the browser gets on with the sign-in.
  let outcome = await browser.navigate(resume.stoppedAt!, { stopAt: toCallback });
  expect(balancer.served.filter((step) => step.path === path).map((step) => step.port)).toEqual(ports.filter((port) => port !== first));
  if (!outcome.stoppedAt && outcome.page.document.querySelector('form[action$="/consent"]')) {
    outcome = await browser.submit(outcome.page, 'form[action$="/consent"]', { decision: 'allow' }, { stopAt: toCallback });
  }
  expect(outcome.stoppedAt).toBeDefined();
  const tokens = await exchange(rp, outcome.stoppedAt!, request);
  expect(tokens.claims()!.email).toBe(user.email);
});

/** Sends the same request 20 times at once through the balancer (half to each instance). */
const twentyAtOnce = <T>(send: () => Promise<T>) => Promise.allSettled(Array.from({ length: 20 }, send));
const refusals = (results: PromiseSettledResult<unknown>[]) =>
  results.filter((result) => result.status === 'rejected').map((result) => (result.reason as { error?: string }).error);

test('one authorization code redeemed 20 times at once across both instances: tokens once, and the reuse ends the grant', async () => {
  const rp = await discover({ issuer }, client);
  const request = await authorizationRequest(rp, { scope: 'openid offline_access', prompt: 'consent' });
  const browser = new TestBrowser();
  const consent = await signInThroughForms(browser, request.url.toString(), user);
  // A third-party client: Allow on its consent screen, then the redirect with the code.
  const outcome = await browser.submit(consent.page, 'form[action$="/consent"]', { decision: 'allow' }, { stopAt: toCallback });
  const start = balancer.served.length;
  const results = await twentyAtOnce(() => oidc.authorizationCodeGrant(rp, new URL(outcome.stoppedAt!), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  }));
  expect(new Set(balancer.served.slice(start).map((step) => step.port))).toEqual(new Set(ports));
  const winners = results.filter((result) => result.status === 'fulfilled');
  expect(winners).toHaveLength(1);
  expect(refusals(results)).toEqual(Array(19).fill('invalid_grant'));
  // RFC 6749 4.1.2: a code used twice revokes what it issued.
  const { value: tokens } = winners[0] as PromiseFulfilledResult<oidc.TokenEndpointResponse>;
  await expect(oidc.refreshTokenGrant(rp, tokens.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
});

test('one refresh token used 20 times at once across both instances: one rotation, and the replay ends the grant', async () => {
  const rp = await discover({ issuer }, client);
  const { tokens } = await signIn(rp, new TestBrowser(), { ...user, consent: true }, { scope: 'openid offline_access', prompt: 'consent' });
  const results = await twentyAtOnce(() => oidc.refreshTokenGrant(rp, tokens.refresh_token!));
  const winners = results.filter((result) => result.status === 'fulfilled');
  expect(winners).toHaveLength(1);
  expect(refusals(results)).toEqual(Array(19).fill('invalid_grant'));
  // RFC 9700 4.14.2: the used token coming back means it leaked, so the rotated one ends too.
  const { value: rotated } = winners[0] as PromiseFulfilledResult<oidc.TokenEndpointResponse>;
  await expect(oidc.refreshTokenGrant(rp, rotated.refresh_token!)).rejects.toMatchObject({ error: 'invalid_grant' });
});
