// Driving a company sign-in over HTTP: our page 1, the page in between, the company's own sign-in page.
import type { Outcome, TestBrowser } from '../../helpers/browser.js';
import { toCallback } from '../../helpers/relying-party.js';

/** From an authorization URL: the email on page 1, then 'Continue' on the page in between. */
export async function toCompany(browser: TestBrowser, start: string, email: string): Promise<Outcome> {
  const page1 = await browser.navigate(start, { stopAt: toCallback });
  const between = await browser.submit(page1.page, 'form[action$="/login/identifier"]', { email }, { stopAt: toCallback });
  const continueLink = between.page.document.querySelector('a.button-link');
  if (!continueLink) {
    throw new Error(`no company sign-in page in between:\n${between.page.body}`);
  }
  return browser.navigate(new URL(continueLink.getAttribute('href')!, between.page.url).toString(), { stopAt: toCallback });
}

/** On the company's (oidc-provider development) sign-in page: any password goes. */
export function signInAtCompany(browser: TestBrowser, outcome: Outcome, login: string): Promise<Outcome> {
  return browser.submit(outcome.page, 'form:has(input[name="login"])', { login, password: 'whatever the company wants' }, { stopAt: toCallback });
}
