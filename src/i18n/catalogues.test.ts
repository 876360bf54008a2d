// Every catalogue says what English says, no more and no less: the same keys, none empty, the same
// placeholders ({{client}}, ...), so that no page shows a key or an English string where a translation
// belongs, and no message loses what it must show.
import { LANGUAGES } from './languages.js';
import { readCatalogue, type Catalogue } from './translator.js';

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

const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((match) => match[1]).sort();
const english = flatten(readCatalogue('en'));

test.each(LANGUAGES.filter((language) => language !== 'en'))('%s has every key English has, and no other, each translated with its placeholders', (language) => {
  const catalogue = flatten(readCatalogue(language));
  expect([...catalogue.keys()].sort()).toEqual([...english.keys()].sort());
  for (const [key, text] of catalogue) {
    expect({ key, empty: text.trim() === '' }).toEqual({ key, empty: false });
    expect({ key, placeholders: placeholders(text) }).toEqual({ key, placeholders: placeholders(english.get(key)!) });
  }
});
