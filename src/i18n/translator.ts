// Message catalogues (interactions/locales/LANGUAGE.json, one per language), read once at start-up, and
// i18next (interpolation, plurals, English as the fallback) to look messages up. Pages take a whole
// section at once (login.identifier, ...), interpolated; Mustache escapes it as it renders.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import i18next, { type i18n } from 'i18next';

import { projectRoot } from '../core/project-root.js';
import { DEFAULT_LANGUAGE, directionOf, LANGUAGES, type Language } from './languages.js';

export const LOCALES_DIR = join(projectRoot, 'interactions', 'locales');

export type Catalogue = Record<string, unknown>;

const PLURAL_FORM = /^(.+)_(zero|one|two|few|many|other)$/;

export interface Translator {
  /** The messages of `section` in `language`, with `values` put in: keys a catalogue lacks come in English. */
  section(language: Language, section: string, values?: Record<string, string | number>): Record<string, string>;
  /** One message in `language` (the plural form of values.count), English when the catalogue lacks it. */
  message(language: Language, key: string, values?: Record<string, string | number>): string;
  /**
   * One message as HTML, for a sentence with a word set apart: all of it escaped, and the values named in
   * `strong` put in <strong> (translations keep the markup out of the catalogues).
   */
  markup(language: Language, key: string, values: Record<string, string | number>, strong: readonly string[]): string;
  /** The layout's own words and the page's lang and dir attributes. */
  layout(language: Language): { lang: Language; dir: 'ltr' | 'rtl'; text: Record<string, string> };
}

export function readCatalogue(language: Language, dir = LOCALES_DIR): Catalogue {
  return JSON.parse(readFileSync(join(dir, `${language}.json`), 'utf8')) as Catalogue;
}

export function createTranslator(dir = LOCALES_DIR): Translator {
  const instance: i18n = i18next.createInstance();
  void instance.init({
    initAsync: false,
    resources: Object.fromEntries(LANGUAGES.map((language) => [language, { translation: readCatalogue(language, dir) }])),
    supportedLngs: [...LANGUAGES],
    fallbackLng: DEFAULT_LANGUAGE,
    // Mustache escapes what it renders: escaping here too would show &amp; on the page.
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  const lookUp = (language: Language, name: string, values: Record<string, string | number>) => {
    const found = instance.getFixedT(language)(name, { ...values, returnObjects: true }) as unknown;
    return found && typeof found === 'object' ? found as Record<string, string> : undefined;
  };
  const section: Translator['section'] = (language, name, values = {}) => {
    const english = lookUp(DEFAULT_LANGUAGE, name, values);
    if (!english) {
      throw new Error(`no messages ${name} in the catalogues`);
    }
    // A section found in the language is taken whole by i18next: English fills in what it lacks.
    const messages: Record<string, string> = { ...english, ...(language === DEFAULT_LANGUAGE ? {} : lookUp(language, name, values)) };
    // A message with plural forms (expiry_one, expiry_other) is there as one (expiry), in the form values.count takes.
    for (const key of Object.keys(english)) {
      const counted = PLURAL_FORM.exec(key)?.[1];
      if (counted && !(counted in messages)) {
        messages[counted] = instance.getFixedT(language)(`${name}.${counted}`, values);
      }
    }
    return messages;
  };
  const message: Translator['message'] = (language, key, values = {}) => {
    const text = instance.getFixedT(language)(key, values);
    if (typeof text !== 'string' || text === key) {
      throw new Error(`no message ${key} in the catalogues`);
    }
    return text;
  };
  return {
    section,
    message,
    markup(language, key, values, strong) {
      // Each strong value goes in as a marker no message or value holds, swapped for its markup once escaped.
      const marker = (index: number) => `\u0001${index}\u0002`;
      const text = escapeHtml(message(language, key, { ...values, ...Object.fromEntries(strong.map((name, index) => [name, marker(index)])) }));
      return strong.reduce((html, name, index) => html.replaceAll(marker(index), `<strong>${escapeHtml(String(values[name] ?? ''))}</strong>`), text);
    },
    layout: (language) => ({ lang: language, dir: directionOf(language), text: section(language, 'layout') }),
  };
}

let shared: Translator | undefined;

/** The catalogues of the project, read at the first use. */
export function sharedTranslator(): Translator {
  return (shared ??= createTranslator());
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => HTML_ESCAPES[character]!);
}
