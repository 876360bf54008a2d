// Playing the user of an authenticator app: enrolling through My account, reading the key off the page.
import * as oidc from 'openid-client';

import type { Clock } from '../../../src/core/clock.js';
import { totpCode } from '../../../src/mfa/totp.js';
import type { Outcome, Page, TestBrowser } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import type { AuthorizationRequest } from '../../helpers/relying-party.js';
import { signInThroughForms } from '../../helpers/relying-party.js';

/** The key shown for manual entry, without its spaces. */
export function secretOn(page: Page): string {
  return page.document.querySelector('#secret')!.text.replace(/\s+/g, '');
}

/** Opens the two-step set-up page, signing in on the way (the sign-in is then recent). */
export async function openTwoStepSetup(app: Pick<TestApp, 'issuer'>, browser: TestBrowser, user: { email: string; password: string }): Promise<Page> {
  const start = await browser.navigate(`${app.issuer}/account/two-step/setup`);
  const outcome = start.page.url.includes('/interaction/') ? await signInThroughForms(browser, start.page.url, user) : start;
  if (!outcome.page.url.startsWith(`${app.issuer}/account/two-step/setup`)) {
    throw new Error(`expected the set-up page, got ${outcome.page.url}:\n${outcome.page.body}`);
  }
  return outcome.page;
}

/** Turns two-step verification on through My account; returns the secret and the recovery codes. */
export async function enrolThroughAccountPage(app: Pick<TestApp, 'issuer'>, browser: TestBrowser, user: { email: string; password: string },
  clock: Clock): Promise<{ secret: string; codes: string[] }> {
  const setup = await openTwoStepSetup(app, browser, user);
  const secret = secretOn(setup);
  const done = await browser.submit(setup, 'form[action="/account/two-step/confirm"]', { code: await totpCode(secret, clock.now()) });
  const codes = done.page.document.querySelectorAll('ul.codes li').map((item) => item.text);
  if (codes.length !== 10) {
    throw new Error(`no recovery codes:\n${done.page.body}`);
  }
  return { secret, codes };
}

/** Signs in to My account, answering the two-step page with `answer`. */
export async function signInToAccount(app: Pick<TestApp, 'issuer'>, browser: TestBrowser, user: { email: string; password: string },
  answer: (codePage: Page) => Promise<Outcome>): Promise<Page> {
  const start = await browser.navigate(`${app.issuer}/account`);
  const codePage = await signInThroughForms(browser, start.page.url, user);
  return (await answer(codePage.page)).page;
}

export function exchange(rp: oidc.Configuration, callback: string, request: AuthorizationRequest) {
  return oidc.authorizationCodeGrant(rp, new URL(callback), {
    pkceCodeVerifier: request.verifier, expectedState: request.state, expectedNonce: request.nonce,
  });
}
