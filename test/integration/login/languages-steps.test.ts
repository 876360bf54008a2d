// The steps after the password in each of the eight languages: the two-step verification page (its code
// and recovery code forms, and its refusals) and 'Verify your login' (with the email's address in bold
// inside a translated sentence, and its refusals) with its email, each as the browser's language chooses it.
import type * as oidc from 'openid-client';

import { LANGUAGES, type Language } from '../../../src/i18n/languages.js';
import { totpCode } from '../../../src/mfa/totp.js';
import { VERIFICATION_CODE_POLICY } from '../../../src/throttling/policies.js';
import { TestBrowser, type Page } from '../../helpers/browser.js';
import type { TestApp } from '../../helpers/create-test-app.js';
import { asking, expectLanguage, messages } from '../../helpers/page-language.js';
import { authorizationRequest, signInThroughForms, toCallback } from '../../helpers/relying-party.js';
import type { SmtpSink } from '../../helpers/smtp-sink.js';
import { TestClock } from '../../helpers/test-clock.js';
import { closeTestbed, createTestbed } from '../../helpers/testbed.js';

const clock = new TestClock();
let app: TestApp;
let sink: SmtpSink;
let rp: oidc.Configuration;
const withApp = { email: 'two.step@example.com', password: 'a phrase for two steps', name: 'Two Step' };
const withoutApp = { email: 'new.browser@example.com', password: 'a phrase for new browsers', name: 'New Browser' };
let secret: string;

beforeAll(async () => {
  ({ app, sink, rp } = await createTestbed({
    clock, env: { LOGIN_VERIFICATION: 'true' },
    // One wrong code per language: the limits of wrong codes are not what this tests.
    throttlePolicies: { verificationCode: { ...VERIFICATION_CODE_POLICY, delay: { after: 100, maxSeconds: 1 } } },
  }));
  const account = await app.services.accounts.create(withApp);
  ({ secret } = await app.services.twoStep.enrolment(account));
  await app.services.twoStep.confirm(account, await totpCode(secret, clock.now()));
  await app.services.accounts.create(withoutApp);
});
afterAll(() => closeTestbed({ app, sink }));

const signIn = async (language: Language, user: { email: string; password: string }) => {
  const browser = new TestBrowser({ headers: asking(language) });
  return { browser, outcome: await signInThroughForms(browser, (await authorizationRequest(rp)).url.toString(), user) };
};

async function twoStepPages(language: Language): Promise<Page[]> {
  const { browser, outcome } = await signIn(language, withApp);
  expect(new URL(outcome.page.url).pathname).toMatch(/\/mfa$/);
  const refused = await browser.submit(outcome.page, 'form[action$="/mfa"]', { code: '000000' }, { stopAt: toCallback });
  const recoveryLink = outcome.page.document.querySelector('a[href*="method=recovery"]')!.getAttribute('href')!;
  const recovery = await browser.navigate(new URL(recoveryLink, outcome.page.url).toString(), { stopAt: toCallback });
  const recoveryRefused = await browser.submit(recovery.page, 'form[action$="/mfa"]', { code: 'not-a-code' }, { stopAt: toCallback });
  return [outcome.page, refused.page, recovery.page, recoveryRefused.page];
}

async function verificationPages(language: Language): Promise<Page[]> {
  const { browser, outcome } = await signIn(language, withoutApp);
  expect(new URL(outcome.page.url).pathname).toMatch(/\/verify$/);
  // The email speaks the sign-in's language too, and is what the page says was sent.
  const mail = await sink.next(withoutApp.email);
  const words = messages(language, 'mail.verifyLogin');
  expect(mail.subject).toBe(words['subject']);
  expect(mail.text).toContain(words['expiry_other']!.replace('{{count}}', '15'));
  expect(mail.html).toContain(`<html lang="${language}">`);
  const refused = await browser.submit(outcome.page, 'form[action$="/verify"]:has(input[name="code"])', { code: '000000' }, { stopAt: toCallback });
  const notYet = await browser.submit(outcome.page, '#verify-continue', {}, { stopAt: toCallback });
  return [outcome.page, refused.page, notYet.page];
}

const english: { twoStep?: Page[]; verification?: Page[] } = {};
beforeAll(async () => {
  english.twoStep = await twoStepPages('en');
  english.verification = await verificationPages('en');
});

test.each(LANGUAGES)('%s: the two-step verification pages and their refusals speak it', async (language) => {
  const pages = await twoStepPages(language);
  pages.forEach((page, index) => expectLanguage(page, english.twoStep![index]!, language, ['layout', 'mfa.page']));
  expect(pages[1]!.document.querySelector('#code-error')?.text).toBe(messages(language, 'mfa.errors')['wrongCode']);
  expect(pages[3]!.document.querySelector('#code-error')?.text).toBe(messages(language, 'mfa.errors')['wrongRecoveryCode']);
});

test.each(LANGUAGES)('%s: "Verify your login" and its refusals speak it, the address in bold within the sentence', async (language) => {
  const pages = await verificationPages(language);
  pages.forEach((page, index) => expectLanguage(page, english.verification![index]!, language, ['layout', 'verification.page']));
  const subtitle = pages[0]!.document.querySelector('.subtitle')!;
  expect(subtitle.querySelector('strong')?.text).toBe(withoutApp.email);
  expect(subtitle.text).toBe(messages(language, 'verification.page')['sent']!.replace('{{email}}', withoutApp.email));
  expect(pages[1]!.document.querySelector('#verify-error')?.text).toBe(messages(language, 'verification.errors')['wrongCode']);
  expect(pages[2]!.document.querySelector('#verify-error')?.text).toBe(messages(language, 'verification.errors')['notYet']);
});
