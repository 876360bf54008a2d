// The embedded default's mail: each message as an .eml file (open it in any mail program) under
// DATA_DIR/outbox, and its link in the log, so that a developer can follow it without a mail server.
import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import nodemailer from 'nodemailer';

import type { Logger } from '../core/logger.js';
import type { MailTransport } from './mail-transport.js';

export function createOutboxTransport(dir: string, logger: Logger): MailTransport {
  const transporter = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async deliver(mail) {
      const info = await transporter.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      const file = join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}.eml`);
      writeFileSync(file, info.message as Buffer, { mode: 0o600 });
      // Development only: the link is what a developer needs to go on; production mail never logs it.
      logger.info({ to: mail.to, subject: mail.subject, file, link: mail.link }, 'mail written to the outbox');
    },
    close() {
      transporter.close();
    },
  };
}
