// 'Forgot password?' to a new password in each of the eight languages: the form, 'Check your email' (the
// address in bold and the email's own subject named), the reset email (subject, text and HTML, its lang),
// the new password page with its refusal, and the page that says it is done. The language is the
// browser's: nothing of an authorization request reaches these pages.
import { LANGUAGES, type Language } from '../../../src/i18n/languages.js';
import { PRODUCT_NAME } from '../../../src/wiring/services.js';
import { TestBrowser, type Page } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { asking, expectLanguage, messages } from '../../helpers/page-language.js';
import { linkIn, type SmtpSink } from '../../helpers/smtp-sink.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';

let app: TestApp;
let sink: SmtpSink;

beforeAll(async () => {
  ({ app, sink } = await createTestbed());
});
afterAll(() => closeTestbed({ app, sink }));

let readers = 0;

async function resetPages(language: Language) {
  readers += 1;
  const user = { email: `forgetful${readers}.${language.toLowerCase()}@example.com`, password: 'an old long password', name: `Reader ${language}` };
  await app.services.accounts.create(user);
  const browser = new TestBrowser({ headers: asking(language) });
  const forgot = (await browser.navigate(`${app.issuer}/password/forgot`)).page;
  const invalid = (await browser.submit(forgot, 'form[action="/password/forgot"]', { email: 'not an address' })).page;
  const sent = (await browser.submit(forgot, 'form[action="/password/forgot"]', { email: user.email })).page;
  const mail = await sink.next(user.email);
  const reset = (await browser.navigate(linkIn(mail, `${app.issuer}/password/reset?token=`))).page;
  const mismatch = (await browser.submit(reset, 'form[action="/password/reset"]', { password: 'one new long password', confirm: 'another one' })).page;
  const done = (await browser.submit(reset, 'form[action="/password/reset"]', { password: 'one new long password', confirm: 'one new long password' })).page;
  return { user, mail, pages: { forgot, invalid, sent, reset, mismatch, done } };
}

let english: Awaited<ReturnType<typeof resetPages>>;
beforeAll(async () => {
  english = await resetPages('en');
});

const sections: Record<string, string[]> = {
  forgot: ['layout', 'recovery.forgot'], invalid: ['layout', 'recovery.forgot'], sent: ['layout', 'recovery.sent'],
  reset: ['layout', 'recovery.reset'], mismatch: ['layout', 'recovery.reset'], done: ['layout', 'recovery.done'],
};

test.each(LANGUAGES)('%s: the reset pages, their refusals and the reset email speak it', async (language) => {
  const { user, mail, pages } = await resetPages(language);
  for (const [name, page] of Object.entries(pages) as [keyof typeof pages, Page][]) {
    expectLanguage(page, english.pages[name], language, sections[name]!);
  }
  const errors = messages(language, 'recovery.errors');
  expect(pages.invalid.document.querySelector('#email-error')?.text).toBe(errors['invalidEmail']);
  expect(pages.mismatch.document.querySelector('#password-error')?.text).toBe(errors['mismatch']);
  const subject = messages(language, 'mail.forgotPassword')['subject']!;
  const body = pages.sent.document.querySelector('main p')!;
  expect(body.querySelector('strong')?.text).toBe(user.email);
  expect(body.text).toContain(subject);
  expect(pages.reset.document.querySelector('.subtitle strong')?.text).toBe(user.email);

  // The email: its subject and words from the same catalogue, the reader's name and the link put in.
  const words = messages(language, 'mail.forgotPassword');
  expect(mail.subject).toBe(subject);
  expect(mail.text).toContain(words['greeting']!.replace('{{name}}', user.name));
  expect(mail.text).toContain(words['ignore']);
  const expiry = words['expiry_other']!.replace('{{count}}', '60');
  expect(mail.text).toContain(expiry);
  expect(mail.html).toContain(`<html lang="${language}">`);
  expect(mail.html).toContain(words['button']);
  if (language !== 'en') {
    expect(mail.text).not.toContain(messages('en', 'mail.forgotPassword')['ignore']);
    expect(mail.html).not.toContain(messages('en', 'mail.layout')['footer']!.replace('{{productName}}', PRODUCT_NAME));
  }
});
