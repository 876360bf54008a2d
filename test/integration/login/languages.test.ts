// The first two sign-in pages in each of the eight languages, chosen as a browser or an application
// chooses them: the page's lang and dir, every message of the page's sections in that language (no key and
// no English left where a translation belongs), and the order of the choices (ui_locales, then the
// language cookie, then Accept-Language). The catalogues' completeness is src/i18n/catalogues.test.ts.
import type * as oidc from 'openid-client';

import { LANGUAGES } from '../../../src/i18n/languages.js';
import { TestBrowser } from '../../helpers/browser.js';
import { asking, expectLanguage, messages } from '../../helpers/page-language.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { authorizationRequest, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';

let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed());
});
afterAll(async () => {
  await closeTestbed({ app, sink });
});

async function pages(browser: TestBrowser, params: Record<string, string> = {}) {
  const identifier = await browser.navigate((await authorizationRequest(rp, params)).url.toString(), { stopAt: toCallback });
  const password = await browser.submit(identifier.page, 'form[action$="/login/identifier"]', { email: 'someone@example.com' }, { stopAt: toCallback });
  return { identifier: identifier.page, password: password.page };
}

test.each(LANGUAGES)('%s: the email and password pages speak it, with nothing left in English or as a key', async (language) => {
  const english = await pages(new TestBrowser({ headers: { 'accept-language': 'en' } }));
  const { identifier, password } = await pages(new TestBrowser({ headers: asking(language) }));
  const checks = [
    { page: identifier, englishPage: english.identifier, sections: ['layout', 'login.common', 'login.identifier'] },
    { page: password, englishPage: english.password, sections: ['layout', 'login.common', 'login.password'] },
  ];
  for (const { page, englishPage, sections } of checks) {
    expectLanguage(page, englishPage, language, sections);
  }
});

test('a refusal speaks the page\'s language too', async () => {
  const browser = new TestBrowser({ headers: { 'accept-language': 'de' } });
  const { password } = await pages(browser);
  const refused = await browser.submit(password, 'form[action$="/login/password"]', { password: 'not the password' }, { stopAt: toCallback });
  expect(refused.page.status).toBe(401);
  expect(refused.page.document.querySelector('#password-error')?.text).toBe(messages('de', 'login.errors')['invalidCredentials']);
  const japanese = new TestBrowser({ headers: { 'accept-language': 'ja' } });
  const first = await japanese.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback });
  const invalid = await japanese.submit(first.page, 'form[action$="/login/identifier"]', { email: 'not an email' }, { stopAt: toCallback });
  expect(invalid.page.document.querySelector('#email-error')?.text).toBe(messages('ja', 'login.errors')['invalidEmail']);
});

test('discovery lists the languages an application may ask for (ui_locales_supported)', async () => {
  const metadata = await (await fetch(`${app.issuer}/.well-known/openid-configuration`)).json() as { ui_locales_supported?: string[] };
  expect(metadata.ui_locales_supported).toEqual([...LANGUAGES]);
});

test('the application\'s ui_locales comes first, then the language cookie, then the browser\'s Accept-Language', async () => {
  const lang = async (browser: TestBrowser, params: Record<string, string> = {}) => (await pages(browser, params)).identifier.document.querySelector('html')?.getAttribute('lang');
  const german = { headers: { 'accept-language': 'de-DE,de;q=0.9' } };
  expect(await lang(new TestBrowser(german))).toBe('de');
  expect(await lang(new TestBrowser(german), { ui_locales: 'ko ja' })).toBe('ja');
  const withCookie = new TestBrowser(german);
  await withCookie.setCookie(`lang=pt-BR`, app.issuer);
  expect(await lang(withCookie)).toBe('pt-BR');
  expect(await lang(withCookie, { ui_locales: 'fr-CA' })).toBe('fr');
  // Nothing this server speaks: English.
  expect(await lang(new TestBrowser({ headers: { 'accept-language': 'sv-SE, fi;q=0.5' } }))).toBe('en');
});

describe('the language picker', () => {
  const picker = 'form.language-picker';

  test('lists every language by its own name, the page\'s chosen, and keeps a choice for the pages that follow', async () => {
    const browser = new TestBrowser({ headers: { 'accept-language': 'de' } });
    const { identifier, password } = await pages(browser);
    const options = identifier.document.querySelectorAll(`${picker} option`);
    expect(options.map((option) => option.getAttribute('value'))).toEqual([...LANGUAGES]);
    expect(options.map((option) => option.text)).toContain('日本語');
    expect(identifier.document.querySelector(`${picker} option[selected]`)?.getAttribute('value')).toBe('de');
    // Chosen on the password page: the same page comes back in that language, and so do the next ones.
    const chosen = await browser.submit(password, picker, { lang: 'ja' }, { stopAt: toCallback });
    expect(new URL(chosen.page.url).pathname).toMatch(/^\/interaction\/[^/]+\/login\/password$/);
    expect(chosen.page.document.querySelector('html')?.getAttribute('lang')).toBe('ja');
    expect(chosen.page.document.querySelector('h1')?.text).toBe(messages('ja', 'login.password')['title']);
    expect((await pages(browser)).identifier.document.querySelector('html')?.getAttribute('lang')).toBe('ja');
  });

  test('is not offered when the application chose the language (ui_locales comes first)', async () => {
    const { identifier } = await pages(new TestBrowser(), { ui_locales: 'nl' });
    expect(identifier.document.querySelector(picker)).toBeNull();
    const { identifier: unsupported } = await pages(new TestBrowser(), { ui_locales: 'ko' });
    expect(unsupported.document.querySelector(picker)).not.toBeNull();
  });

  test.each([
    ['another site', { lang: 'de', return: '//evil.example/' }],
    ['another site, by a backslash', { lang: 'de', return: '/\\evil.example/' }],
    ['a full address', { lang: 'de', return: 'https://evil.example/' }],
    ['a language not spoken here', { lang: 'sv', return: '/' }],
    ['no language', { return: '/' }],
  ])('refuses %s with a 400 and sets nothing', async (_case, query) => {
    const response = await fetch(`${app.issuer}/language?${new URLSearchParams(query as Record<string, string>).toString()}`, { redirect: 'manual' });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  test('without a way back, goes to the start page', async () => {
    const response = await fetch(`${app.issuer}/language?lang=fr`, { redirect: 'manual' });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe('/');
    expect(response.headers.getSetCookie().join()).toMatch(/^lang=fr; path=\/; expires=[^;]+; samesite=lax; httponly$/i);
  });
});

describe("the language saved on My account", () => {
  const openAccount = async (user: { email: string; password: string }, browser: TestBrowser) => {
    const start = await browser.navigate(`${app.issuer}/account`);
    return (await signInThroughForms(browser, start.page.url, user)).page;
  };

  /** A browser signed in is asked again (prompt=login): its sign-in pages show. */
  const again = { prompt: 'login' };

  test('is kept, then speaks in the emails and, from the next sign-in, on the pages of a browser that chose none', async () => {
    const user = { email: 'saved.language@example.com', password: 'a password to keep', name: 'Saved Language' };
    await app.services.accounts.create(user);
    const english = { headers: { 'accept-language': 'en' } };
    const browser = new TestBrowser(english);
    const account = await openAccount(user, browser);
    expect(account.document.querySelector('#account-language option[selected]')?.getAttribute('value')).toBe('');
    const refused = await browser.submit(account, 'form[action="/account/language"]', { language: 'sv' });
    expect(refused.page.status).toBe(400);
    expect(refused.page.document.querySelector('#language-error')?.text).toBe('Choose one of the languages in the list.');
    const saved = await browser.submit(account, 'form[action="/account/language"]', { language: 'nl' });
    expect(saved.page.url).toBe(`${app.issuer}/account?done=language`);
    expect(saved.page.document.querySelector('#account-language option[selected]')?.getAttribute('value')).toBe('nl');
    expect((await app.services.accountRepository.findByEmail(user.email))?.language).toBe('nl');
    // This browser's pages speak it at once.
    expect((await pages(browser, again)).identifier.document.querySelector('html')?.getAttribute('lang')).toBe('nl');

    // An English browser that chose nothing: the reset email is in Dutch (the account's language comes
    // before Accept-Language)...
    const elsewhere = new TestBrowser(english);
    const forgot = (await elsewhere.navigate(`${app.issuer}/password/forgot`)).page;
    expect(forgot.document.querySelector('html')?.getAttribute('lang')).toBe('en');
    await elsewhere.submit(forgot, 'form[action="/password/forgot"]', { email: user.email });
    expect((await sink.next(user.email)).subject).toBe(messages('nl', 'mail.forgotPassword')['subject']);
    // ...and once it has signed in, its pages are.
    await signInThroughForms(elsewhere, (await authorizationRequest(rp)).url.toString(), user);
    expect((await pages(elsewhere, again)).identifier.document.querySelector('html')?.getAttribute('lang')).toBe('nl');

    // A browser that chose its own language keeps it; choosing "the browser's language" forgets the saved one.
    const german = new TestBrowser({ headers: { 'accept-language': 'de' } });
    await german.setCookie('lang=it', app.issuer);
    const mine = await openAccount(user, german);
    expect((await pages(german, again)).identifier.document.querySelector('html')?.getAttribute('lang')).toBe('it');
    await german.submit(mine, 'form[action="/account/language"]', { language: '' });
    expect((await app.services.accountRepository.findByEmail(user.email))?.language).toBeNull();
    expect((await pages(german, again)).identifier.document.querySelector('html')?.getAttribute('lang')).toBe('de');
  });
});
