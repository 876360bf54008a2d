// Playing the user at a provider's stand-in: its sign-in and consent page, Apple's posted answer, and
// the development sign-in page of oidc-provider standing in for LastPass.
import type { Outcome, TestBrowser } from '../../helpers/browser.js';
import { toCallback } from '../../helpers/relying-party.js';

const stop = { stopAt: toCallback };

/** At the provider: Allow (or Cancel) as `user`; follows a posted answer (form_post) back to us. */
export async function decideAtProvider(browser: TestBrowser, outcome: Outcome, user: string, decision: 'allow' | 'deny' = 'allow'): Promise<Outcome> {
  let next: Outcome;
  if (outcome.page.document.querySelector('form[action$="/decide"]')) {
    next = await browser.submit(outcome.page, 'form[action$="/decide"]', { user, decision }, stop);
  } else if (outcome.page.document.querySelector('input[name="login"]')) {
    next = decision === 'allow'
      ? await browser.submit(outcome.page, 'form:has(input[name="login"])', { login: user, password: 'at the provider' }, stop)
      : await browser.navigate(new URL(outcome.page.document.querySelectorAll('a').find((a) => a.getAttribute('href')?.includes('/abort'))!
        .getAttribute('href')!, outcome.page.url).toString(), stop);
  } else {
    return outcome; // already answered: signed in at the provider
  }
  return followPostedAnswer(browser, next);
}

/** Apple answers with a page that posts a form back to us (scripts do it in a browser; here, by hand). */
export async function followPostedAnswer(browser: TestBrowser, outcome: Outcome): Promise<Outcome> {
  const form = outcome.page.document.querySelector('form[method="post"][action*="/social/"]');
  return form ? browser.submit(outcome.page, 'form[method="post"][action*="/social/"]', {}, stop) : outcome;
}

/** From an authorization URL: the 'Sign in with ...' button on page 1. */
export async function startWithProvider(browser: TestBrowser, start: string, label: string): Promise<Outcome> {
  const page1 = await browser.navigate(start, stop);
  const button = page1.page.document.querySelectorAll('a.social-button').find((link) => link.text.trim() === `Sign in with ${label}`);
  if (!button) {
    throw new Error(`no 'Sign in with ${label}' button:\n${page1.page.body}`);
  }
  return followPostedAnswer(browser, await browser.navigate(new URL(button.getAttribute('href')!, page1.page.url).toString(), stop));
}
