import { createTranslator } from './translator.js';

const translator = createTranslator();

test('a message that counts takes the plural form of its language (CLDR rules, through i18next)', () => {
  const wait = (language: Parameters<typeof translator.message>[0], count: number) => translator.message(language, 'login.errors.wait', { count });
  expect(wait('en', 1)).toBe('Too many attempts. Wait 1 second, then try again.');
  expect(wait('en', 30)).toBe('Too many attempts. Wait 30 seconds, then try again.');
  expect(wait('de', 1)).toContain('1 Sekunde ');
  expect(wait('de', 2)).toContain('2 Sekunden');
  // French counts 0 and 1 alike; Japanese has a single form.
  expect(wait('fr', 0)).toContain('0 seconde,');
  expect(wait('fr', 2)).toContain('2 secondes');
  expect(wait('ja', 1)).toContain('1 秒');
  expect(wait('ja', 5)).toContain('5 秒');
});

test('values are put in as given (the page escapes them), and a key the catalogues lack is an error, not a page showing it', () => {
  expect(translator.message('de', 'login.errors.passkeyOtherAccount', { email: '<a@b.c>' })).toContain('<a@b.c>');
  expect(() => translator.message('de', 'login.errors.nothing')).toThrow(/no message login\.errors\.nothing/);
  expect(translator.section('ja', 'login.identifier', { client: 'App' })['subtitle']).toBe('App に進みます');
});

test('a sentence with a value set apart is escaped whole, with only that value in <strong>', () => {
  const html = translator.markup('de', 'verification.page.sent', { email: '<b>x</b>@example.com' }, ['email']);
  expect(html).toBe('Wir kennen diesen Browser nicht. Zum Schutz Ihres Kontos haben wir eine E-Mail an <strong>&lt;b&gt;x&lt;/b&gt;@example.com</strong> gesendet.');
  expect(translator.markup('en', 'login.identifier.subtitle', { client: 'A & "B"' }, [])).toBe('to continue to A &amp; &quot;B&quot;');
});

test('a section gives a message with plural forms as one, in the form its count takes', () => {
  expect(translator.section('de', 'mail.forgotPassword', { count: 1 })['expiry']).toBe('Der Link funktioniert einmal und läuft in 1 Minute ab.');
  expect(translator.section('de', 'mail.forgotPassword', { count: 60 })['expiry']).toBe('Der Link funktioniert einmal und läuft in 60 Minuten ab.');
  expect(translator.section('ja', 'mail.forgotPassword', { count: 60 })['expiry']).toContain('60 分後');
});
