// The steps after the password in each of the eight languages: the two-step verification page (its code
// and recovery code forms, and its refusals) and 'Verify your login' (with the email's address in bold
// inside a translated sentence, and its refusals) with its email, and the company sign-in page that
// home-realm discovery shows, each as the browser's language chooses it.
import type * as oidc from 'openid-client';

import { LANGUAGES, type Language } from '../../../src/i18n/languages.js';
import { totpCode } from '../../../src/mfa/totp.js';
import { VERIFICATION_CODE_POLICY } from '../../../src/throttling/policies.js';
import { TestBrowser, type Page } from '../../helpers/browser.js';
import { startCompanyIdp, type CompanyIdp } from '../../helpers/company-idp.js';
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
let idp: CompanyIdp;
let acmeId: string;

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
  idp = await startCompanyIdp({ clients: [{ client_id: 'ours', client_secret: 'company-secret-company-secret-0123', redirect_uris: [`${app.issuer}/sso/callback`] }], accounts: {} });
  acmeId = (await app.services.organizations.create('Acme Corp', ['acme.test'])).id;
  await app.services.organizations.setConnection(acmeId, { issuer: idp.issuer, clientId: 'ours', clientSecret: 'company-secret-company-secret-0123' });
});
afterAll(async () => {
  await idp?.close();
  await closeTestbed({ app, sink });
});

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

/** The company sign-in page, as the choice it is, then as the way it goes on by itself (SSO only). */
async function companyPages(language: Language): Promise<Page[]> {
  const shown = async () => {
    const browser = new TestBrowser({ headers: asking(language) });
    const first = await browser.navigate((await authorizationRequest(rp)).url.toString(), { stopAt: toCallback });
    return (await browser.submit(first.page, 'form[action$="/login/identifier"]', { email: 'ann@acme.test' }, { stopAt: toCallback })).page;
  };
  const choice = await shown();
  await app.services.organizations.update(acmeId, { ssoOnly: true });
  try {
    return [choice, await shown()];
  } finally {
    await app.services.organizations.update(acmeId, { ssoOnly: false });
  }
}

const english: { twoStep?: Page[]; verification?: Page[]; company?: Page[] } = {};
beforeAll(async () => {
  english.twoStep = await twoStepPages('en');
  english.verification = await verificationPages('en');
  english.company = await companyPages('en');
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

test.each(LANGUAGES)('%s: the company sign-in page speaks it, the address in bold within the sentence', async (language) => {
  const [choice, automatic] = await companyPages(language);
  expectLanguage(choice!, english.company![0]!, language, ['layout', 'sso.redirect']);
  expectLanguage(automatic!, english.company![1]!, language, ['layout', 'sso.redirect']);
  const words = messages(language, 'sso.redirect');
  const sentence = (page: Page) => page.document.querySelector('h1 + p')!;
  expect(sentence(choice!).text).toBe(words['choice']!.replace('{{organization}}', 'Acme Corp').replace('{{email}}', 'ann@acme.test'));
  expect(sentence(choice!).querySelector('strong')?.text).toBe('ann@acme.test');
  expect(sentence(automatic!).text).toBe(words['automatic']!.replace('{{organization}}', 'Acme Corp').replace('{{email}}', 'ann@acme.test'));
  // The page that goes on by itself offers no language picker; the one that waits does.
  expect(choice!.document.querySelector('form.language-picker')).not.toBeNull();
  expect(automatic!.document.querySelector('form.language-picker')).toBeNull();
});
