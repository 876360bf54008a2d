// Whether a page speaks a language: its lang and dir, and every message of its catalogue sections that the
// English page shows is on it in that language, with neither a key nor the English left where a
// translation belongs.
import type { Language } from '../../src/i18n/languages.js';
import { readCatalogue } from '../../src/i18n/translator.js';
import type { Page } from './browser.js';

/** A section of a language's catalogue, as the file has it. */
export const messages = (language: Language, section: string): Record<string, string> => {
  let node: unknown = readCatalogue(language);
  for (const key of section.split('.')) {
    node = (node as Record<string, unknown>)[key];
  }
  return node as Record<string, string>;
};

/** The page's text and attributes as a reader and a screen reader get them. */
const shown = (page: Page) => `${page.document.text} ${page.document.querySelectorAll('[value], [aria-label]')
  .map((element) => `${element.getAttribute('value') ?? ''} ${element.getAttribute('aria-label') ?? ''}`).join(' ')}`;

/**
 * Whether `message` is on the page as words of its own (not inside longer words: 'or' in 'Forgot'; Japanese
 * has no spaces to tell), its placeholders ({{email}}: the page's to fill) standing for any text.
 */
const appears = (text: string, message: string) => {
  const pattern = message.trim().split(/\{\{\w+\}\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.+?');
  return new RegExp(`(?<![\\p{Script=Latin}\\p{N}])${pattern}(?![\\p{Script=Latin}\\p{N}])`, 'u').test(text);
};

/** Fails unless `page` is `englishPage` in `language`, for the messages of `sections` the English page shows. */
export function expectLanguage(page: Page, englishPage: Page, language: Language, sections: readonly string[]): void {
  expect(page.status).toBe(englishPage.status);
  expect(page.document.querySelector('html')?.getAttribute('lang')).toBe(language);
  expect(page.document.querySelector('html')?.getAttribute('dir')).toBe('ltr');
  const text = shown(page);
  const englishText = shown(englishPage);
  expect(text).not.toMatch(/\{\{|\bt\.\w+|\b[a-z]+\.(common|page|errors|identifier|password)\.\w+/);
  for (const section of sections) {
    const translated = messages(language, section);
    const inEnglish = messages('en', section);
    // What the English page shows of this section (some messages are for some sign-ins only).
    const onPage = Object.keys(inEnglish).filter((key) => appears(englishText, inEnglish[key]!));
    expect({ section, shown: onPage.length > 0 }).toEqual({ section, shown: true });
    for (const key of onPage) {
      expect({ key, shown: appears(text, translated[key]!) }).toEqual({ key, shown: true });
      if (language !== 'en' && inEnglish[key] !== translated[key]) {
        expect({ key, english: appears(text, inEnglish[key]!) }).toEqual({ key, english: false });
      }
    }
  }
}

/** A browser's Accept-Language that asks for `language` first. */
export const asking = (language: Language) => ({ 'accept-language': `${language};q=0.9, en;q=0.5` });
