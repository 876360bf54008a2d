// Renders templates/MESSAGE/{subject,text,html}.mustache. The HTML part goes inside templates/layout.html.
// A message translated in the catalogues (mail.forgotPassword, ...) gets its words there, in the language
// asked, as `t`, with the model's values put in (a message that counts takes the model's minutes); the
// others are in English so far.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import mustache from 'mustache';

import { DEFAULT_LANGUAGE, type Language } from '../i18n/languages.js';
import { sharedTranslator, type Translator } from '../i18n/translator.js';
import type { MailModels, MailTemplate, RenderedMail } from './mail-models.js';

export interface MailRenderer {
  render<T extends MailTemplate>(template: T, model: MailModels[T], language?: Language): RenderedMail;
}

/** The messages whose words are in the catalogues, and the section that holds them. */
const TRANSLATED: Partial<Record<MailTemplate, string>> = { 'forgot-password': 'mail.forgotPassword', 'verify-login': 'mail.verifyLogin' };

interface MessageTemplates {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export function createMailRenderer(options: { templatesDir: string; productName: string; translator?: Translator }): MailRenderer {
  const translator = options.translator ?? sharedTranslator();
  const read = (...parts: string[]) => readFileSync(join(options.templatesDir, ...parts), 'utf8');
  const layout = read('layout.html.mustache');
  const messages = new Map<string, MessageTemplates>(
    readdirSync(options.templatesDir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(options.templatesDir, entry.name, 'subject.mustache')))
      .map((entry) => [entry.name, {
        subject: read(entry.name, 'subject.mustache'),
        text: read(entry.name, 'text.mustache'),
        html: read(entry.name, 'html.mustache'),
      }]),
  );

  return {
    render(template, model, asked = DEFAULT_LANGUAGE) {
      const message = messages.get(template);
      if (!message) {
        throw new Error(`no mail template ${template} in ${options.templatesDir}`);
      }
      const section = TRANSLATED[template];
      const language = section ? asked : DEFAULT_LANGUAGE;
      const values: Record<string, string | number> = { productName: options.productName, count: 'minutes' in model ? model.minutes : 0 };
      for (const [name, value] of Object.entries(model)) {
        if (typeof value === 'string' || typeof value === 'number') {
          values[name] = value;
        }
      }
      const view = {
        productName: options.productName, ...model, lang: language,
        t: section ? translator.section(language, section, values) : {},
        layoutText: translator.section(language, 'mail.layout', values),
      };
      // The subject and the text part are not HTML: nothing in them is escaped (the layout escapes the subject).
      const plain = { escape: (value: string) => value };
      const subject = mustache.render(message.subject, view, {}, plain).trim();
      const text = mustache.render(message.text, view, {}, plain);
      const body = mustache.render(message.html, view);
      return { subject, text, html: mustache.render(layout, { ...view, subject, body }) };
    },
  };
}
