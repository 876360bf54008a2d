// Sends the service's emails. Sending happens after the response has gone when the sender asks for it,
// so that how long a request takes never tells whether an account exists.
import type { Logger } from '../core/logger.js';
import type { Language } from '../i18n/languages.js';
import type { MailModels, MailTemplate } from './mail-models.js';
import type { MailRenderer } from './mail-renderer.js';
import type { MailTransport } from './mail-transport.js';

export interface Mailer {
  /** `language`: the reader's, for a message the catalogues translate; English by default. */
  send<T extends MailTemplate>(template: T, to: string, model: MailModels[T], link: string, language?: Language): Promise<void>;
  /** Sends without waiting; a failure is logged. */
  sendLater<T extends MailTemplate>(template: T, to: string, model: MailModels[T], link: string, language?: Language): void;
  close(): void;
}

export function createMailer(deps: { transport: MailTransport; renderer: MailRenderer; from: string; logger: Logger }): Mailer {
  const pending = new Set<Promise<void>>();
  const mailer: Mailer = {
    async send(template, to, model, link, language) {
      await deps.transport.deliver({ from: deps.from, to, link, ...deps.renderer.render(template, model, language) });
    },
    sendLater(template, to, model, link, language) {
      const sending = mailer.send(template, to, model, link, language)
        .catch((error: unknown) => deps.logger.error({ err: error, template }, 'could not send mail'))
        .finally(() => pending.delete(sending));
      pending.add(sending);
    },
    close() {
      deps.transport.close();
    },
  };
  return mailer;
}
