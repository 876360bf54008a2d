import { applicationLanguage, negotiateLanguage, supportedLanguage } from './negotiate-language.js';

test.each([
  ['de', 'de'], ['DE-at', 'de'], ['pt-BR', 'pt-BR'], ['pt-PT', 'pt-BR'], ['pt', 'pt-BR'], ['ja-JP', 'ja'], ['nl-BE', 'nl'],
  ['sv', undefined], ['', undefined], ['x'.repeat(40), undefined], ['en;drop table', undefined],
])('the tag %s is %s', (tag, language) => {
  expect(supportedLanguage(tag)).toBe(language);
});

test('ui_locales first, then the cookie, then Accept-Language by quality, then English', () => {
  const acceptLanguage = 'sv;q=1, fr-CA;q=0.8, de;q=0.9, *;q=0.1';
  expect(negotiateLanguage({ uiLocales: 'ko ja', cookie: 'it', acceptLanguage })).toBe('ja');
  expect(negotiateLanguage({ uiLocales: 'ko', cookie: 'it', acceptLanguage })).toBe('it');
  expect(negotiateLanguage({ cookie: 'nonsense', acceptLanguage })).toBe('de');
  expect(negotiateLanguage({ acceptLanguage: 'fr;q=0, es' })).toBe('es');
  expect(negotiateLanguage({ acceptLanguage: 'fr;q=0' })).toBe('en');
  expect(negotiateLanguage({ uiLocales: ['de'] })).toBe('en');
  expect(negotiateLanguage({})).toBe('en');
});

test("the account's saved language comes after the cookie and before Accept-Language", () => {
  expect(negotiateLanguage({ cookie: 'it', account: 'nl', acceptLanguage: 'de' })).toBe('it');
  expect(negotiateLanguage({ account: 'nl', acceptLanguage: 'de' })).toBe('nl');
  expect(negotiateLanguage({ uiLocales: 'fr', account: 'nl' })).toBe('fr');
  expect(negotiateLanguage({ account: 'sv', acceptLanguage: 'de' })).toBe('de');
});

test('ui_locales names a language of its own only when one of its tags is spoken here', () => {
  expect(applicationLanguage('ko pt-PT')).toBe('pt-BR');
  expect(applicationLanguage('ko')).toBeUndefined();
  expect(applicationLanguage(undefined)).toBeUndefined();
});
