// What a passkey page's script does, for tests over HTTP: ask for the ceremony's options with the form's CSRF
// token; and adding a passkey on My account as a person does.
import { TestBrowser, type Page } from './browser.js';
import { signInThroughForms } from './relying-party.js';
import type { Bend, SoftwareAuthenticator } from './software-authenticator.js';

export interface CeremonyOptionsJson {
  readonly challenge: string;
  readonly rpId?: string;
  readonly user?: { readonly id: string };
}

/** The options, from where the page's passkey form says (data-options-url). */
export async function askPasskeyOptions(browser: TestBrowser, page: Page): Promise<{ status: number; options: CeremonyOptionsJson }> {
  const form = page.document.querySelector('form[data-passkey]');
  if (!form) {
    throw new Error(`no passkey form on ${page.url}`);
  }
  const origin = new URL(page.url).origin;
  const csrf = form.querySelector('input[name="_csrf"]')!.getAttribute('value')!;
  const response = await browser.request(new URL(form.getAttribute('data-options-url')!, page.url).toString(), {
    method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', origin }, body: `_csrf=${csrf}`,
  });
  return { status: response.status, options: (await response.json()) as CeremonyOptionsJson };
}

/** Signs in on My account with the password (in a new browser) and adds the authenticator's passkey. */
export async function addPasskeyOnAccountPage(issuer: string, person: { email: string; password: string }, authenticator: SoftwareAuthenticator,
  bend: Bend = {}): Promise<Page> {
  const browser = new TestBrowser();
  const signedIn = await signInThroughForms(browser, `${issuer}/account`, person);
  if (new URL(signedIn.page.url).pathname !== '/account') {
    throw new Error(`expected My account, got ${signedIn.page.url}`);
  }
  const { page } = await browser.navigate(`${issuer}/account/passkeys/add`);
  const { options } = await askPasskeyOptions(browser, page);
  const added = await browser.submit(page, 'form[data-passkey]', { name: 'Soft key', response: JSON.stringify(authenticator.create(options, bend)) });
  return added.page;
}
