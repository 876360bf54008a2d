// What a passkey page's script does, for tests over HTTP: ask for the ceremony's options with the form's CSRF token.
import type { Page, TestBrowser } from './browser.js';

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
