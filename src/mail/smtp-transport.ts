import nodemailer from 'nodemailer';

import type { MailTransport } from './mail-transport.js';

/** SMTP_URL: smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465. */
export function createSmtpTransport(url: string): MailTransport {
  const transporter = nodemailer.createTransport(url);
  return {
    async deliver(mail) {
      await transporter.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, html: mail.html });
    },
    close() {
      transporter.close();
    },
  };
}
