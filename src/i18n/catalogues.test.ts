// Every catalogue says what English says, no more and no less: the same messages, none empty, the same
// placeholders ({{client}}, ...), and for a message that counts ({{count}}) exactly the plural forms the
// language has (CLDR, as Intl.PluralRules gives them: one and other in German, only other in Japanese,
// one, many and other in French), so that no page shows a key, an English string, or a wrong plural.
import { LANGUAGES, type Language } from './languages.js';
import { readCatalogue, type Catalogue } from './translator.js';

const PLURAL = /_(zero|one|two|few|many|other)$/;

function flatten(catalogue: Catalogue, prefix = ''): Map<string, string> {
  const entries = new Map<string, string>();
  for (const [key, value] of Object.entries(catalogue)) {
    if (value && typeof value === 'object') {
      for (const [inner, text] of flatten(value as Catalogue, `${prefix}${key}.`)) {
        entries.set(inner, text);
      }
    } else {
      entries.set(`${prefix}${key}`, String(value));
    }
  }
  return entries;
}

const placeholders = (text: string) => [...new Set([...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]))].sort();
const messagesOf = (language: Language) => {
  const flat = flatten(readCatalogue(language));
  const bases = new Map<string, string[]>();
  for (const key of flat.keys()) {
    const base = key.replace(PLURAL, '');
    bases.set(base, [...(bases.get(base) ?? []), ...(PLURAL.test(key) ? [PLURAL.exec(key)![1]!] : [])]);
  }
  return { flat, bases };
};
const english = messagesOf('en');

test.each(LANGUAGES.filter((language) => language !== 'en'))('%s has every message English has, and no other, each translated with its placeholders and plural forms', (language) => {
  const { flat, bases } = messagesOf(language);
  expect([...bases.keys()].sort()).toEqual([...english.bases.keys()].sort());
  const categories = [...new Intl.PluralRules(language).resolvedOptions().pluralCategories].sort();
  for (const [base, forms] of bases) {
    const pluralInEnglish = english.bases.get(base)!.length > 0;
    expect({ base, forms: [...forms].sort() }).toEqual({ base, forms: pluralInEnglish ? categories : [] });
  }
  for (const [key, text] of flat) {
    const englishText = english.flat.get(key) ?? english.flat.get(key.replace(PLURAL, '_other'))!;
    expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
    expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(englishText) });
  }
});

test('English has one and other for each message that counts', () => {
  for (const [base, forms] of english.bases) {
    expect({ base, forms: [...forms].sort() }).toEqual({ base, forms: forms.length > 0 ? ['one', 'other'] : [] });
  }
});
