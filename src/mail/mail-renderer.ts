// Renders templates/MESSAGE/{subject,text,html}.mustache. The HTML part goes inside templates/layout.html.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import mustache from 'mustache';

import type { MailModels, MailTemplate, RenderedMail } from './mail-models.js';

export interface MailRenderer {
  render<T extends MailTemplate>(template: T, model: MailModels[T]): RenderedMail;
}

interface MessageTemplates {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

export function createMailRenderer(options: { templatesDir: string; productName: string }): MailRenderer {
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
    render(template, model) {
      const message = messages.get(template);
      if (!message) {
        throw new Error(`no mail template ${template} in ${options.templatesDir}`);
      }
      const view = { productName: options.productName, ...model };
      // The subject and the text part are not HTML: nothing in them is escaped (the layout escapes the subject).
      const plain = { escape: (value: string) => value };
      const subject = mustache.render(message.subject, view, {}, plain).trim();
      const text = mustache.render(message.text, view, {}, plain);
      const body = mustache.render(message.html, view);
      return { subject, text, html: mustache.render(layout, { ...view, subject, body }) };
    },
  };
}
