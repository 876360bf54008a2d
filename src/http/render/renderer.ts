// Renders the pages under interactions/templates (Mustache: logic-less, escaped by default) into the layout.
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import mustache from 'mustache';

import { DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, type Language } from '../../i18n/languages.js';
import { sharedTranslator, type Translator } from '../../i18n/translator.js';
import type { LayoutBrand } from './brand.js';

export interface LayoutModel {
  readonly title: string;
  /** A wider card, for pages with tables. */
  readonly wide?: boolean;
  /** Go on to this address at once (a meta refresh: no script needed)... */
  readonly refreshUrl?: string;
  /** ...or after this many seconds. */
  readonly refreshDelaySeconds?: number;
  /** An organization's look (its name, logo and colour) instead of the product's. */
  readonly brand?: LayoutBrand | undefined;
  /** The page's language (its lang and dir, and the layout's own words); English by default. */
  readonly language?: Language | undefined;
  /** A picker of the languages in the footer, that comes back to this page (a path here). */
  readonly languagePicker?: { readonly returnTo: string } | undefined;
}

export interface Renderer {
  /** The product's name, as the pages show it (for messages that name it). */
  readonly productName: string;
  /** The page `template`, filled from `model`, inside the common layout. */
  render(template: string, layout: LayoutModel, model: object): string;
  /** A section of the message catalogues in `language`, interpolated (for a page's `t`). */
  messages(language: Language, section: string, values?: Record<string, string | number>): Record<string, string>;
  /** One message in `language` (a plural by values.count), English when the catalogue lacks it. */
  message(language: Language, key: string, values?: Record<string, string | number>): string;
  /** One message as HTML (for {{{triple}}} braces): escaped, with the values named in `strong` in <strong>. */
  markup(language: Language, key: string, values: Record<string, string | number>, strong: readonly string[]): string;
}

/** `stylesheets`: loaded by every page after the product's own (the operator's theme). */
export function createRenderer(options: {
  templatesDir: string; productName: string; stylesheets?: readonly string[]; translator?: Translator;
}): Renderer {
  const translator = options.translator ?? sharedTranslator();
  const templates = new Map(
    readdirSync(options.templatesDir)
      .filter((file) => file.endsWith('.mustache'))
      .map((file) => [basename(file, '.mustache'), readFileSync(join(options.templatesDir, file), 'utf8')]),
  );
  const partials = Object.fromEntries(templates);
  const template = (name: string) => {
    const text = templates.get(name);
    if (text === undefined) {
      throw new Error(`no template ${name}.mustache in ${options.templatesDir}`);
    }
    return text;
  };
  // Parse once at start-up: a broken template stops the server, not a request.
  for (const text of templates.values()) {
    mustache.parse(text);
  }

  return {
    productName: options.productName,
    messages: (language, section, values) => translator.section(language, section, values),
    message: (language, key, values) => translator.message(language, key, values),
    markup: (language, key, values, strong) => translator.markup(language, key, values, strong),
    render(name, layout, model) {
      const body = mustache.render(template(name), { productName: options.productName, ...model }, partials);
      const { lang, dir, text } = translator.layout(layout.language ?? DEFAULT_LANGUAGE);
      const picker = layout.languagePicker && {
        returnTo: layout.languagePicker.returnTo,
        options: LANGUAGES.map((language) => ({ value: language, name: LANGUAGE_NAMES[language], selected: language === lang })),
      };
      return mustache.render(template('layout'), {
        productName: options.productName, refreshDelaySeconds: 0, stylesheets: options.stylesheets ?? [], ...layout, lang, dir, layoutText: text, body, picker,
      }, partials);
    },
  };
}
