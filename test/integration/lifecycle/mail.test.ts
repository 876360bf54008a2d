// Outgoing mail: over SMTP in production (to a real SMTP server here), to .eml files in DATA_DIR/outbox on
// the embedded default. Every message has a text and an HTML part, the product's name, no remote images.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';

import { simpleParser } from 'mailparser';

import { createLogger } from '../../../src/core/logger.js';
import type { MailModels, MailTemplate } from '../../../src/mail/mail-models.js';
import { TestBrowser } from '../../helpers/browser.js';
import { createTestApp, type TestApp } from '../../helpers/create-test-app.js';
import { startSmtpSink, type SmtpSink } from '../../helpers/smtp-sink.js';

const samples: { [T in MailTemplate]: MailModels[T] } = {
  'forgot-password': { name: 'Ada', resetUrl: 'https://id.example/password/reset?token=abc', minutes: 60 },
  'activation': { name: 'Ada', inviter: 'Alice', activationUrl: 'https://id.example/activate?token=abc', days: 7 },
  'verify-login': { name: 'Ada', verifyUrl: 'https://id.example/login/verify?token=abc', code: '123456', minutes: 15, browser: 'Firefox 133', platform: 'Linux', ip: '10.0.0.1' },
  'sign-in-blocked': { name: 'Ada', minutes: 15, ip: '10.0.0.1', resetUrl: 'https://id.example/password/forgot' },
  'password-changed': { name: 'Ada <script>', signedOutEverywhere: true, resetUrl: 'https://id.example/password/forgot' },
  'company-sign-in': { name: 'Ada', organization: 'Acme' },
  'passkey-changed': { name: 'Ada', added: true, passkeyName: 'Chrome on Linux <b>', resetUrl: 'https://id.example/password/forgot' },
  'company-invitation': { name: 'Ada', inviter: 'alice@acme.test', organization: 'Acme', signInUrl: 'https://gotoassist.example/login' },
};

describe('over SMTP', () => {
  let sink: SmtpSink;
  let app: TestApp;
  beforeAll(async () => {
    sink = await startSmtpSink();
    app = await createTestApp({ env: { SMTP_URL: sink.url, MAIL_FROM: '"GoToAssist" <accounts@gotoassist.example>' } });
  });
  afterAll(async () => {
    await app.close();
    await sink.close();
  });

  test.each(Object.keys(samples) as MailTemplate[])('%s has a text and an HTML part, the product name, and no remote images', async (template) => {
    const to = `${template}@example.com`;
    await app.services.mailer.send(template, to, samples[template] as never, 'https://id.example/');
    const mail = await sink.next(to);
    expect(mail.from?.text).toBe('"GoToAssist" <accounts@gotoassist.example>');
    expect(mail.text?.length).toBeGreaterThan(50);
    expect(mail.html).toBeTruthy();
    expect(`${mail.subject} ${mail.text}`).toContain('GoToAssist');
    expect(mail.html).toContain('GoToAssist');
    expect(mail.html).not.toMatch(/<img|background(-image)?:\s*url|@import/i);
    expect(mail.html).not.toContain('<script>');
  });
});

describe('on the embedded default', () => {
  test('each message is an .eml file under DATA_DIR/outbox and its link is logged', async () => {
    const lines = new PassThrough();
    let log = '';
    lines.on('data', (chunk: Buffer) => {
      log += chunk.toString();
    });
    const app = await createTestApp({ logger: createLogger('info', lines) });
    try {
      await app.services.accounts.create({ email: 'outbox@example.com', password: 'a long enough password' });
      const browser = new TestBrowser();
      const { page } = await browser.navigate(`${app.issuer}/password/forgot`);
      await browser.submit(page, 'form[action="/password/forgot"]', { email: 'outbox@example.com' });
      const dir = join(app.config.storage.dataDir, 'outbox');
      for (let i = 0; i < 50 && !log.includes('mail written to the outbox'); i += 1) {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      const files = readdirSync(dir).filter((file) => file.endsWith('.eml'));
      expect(files).toHaveLength(1);
      const mail = await simpleParser(readFileSync(join(dir, files[0]!)));
      expect(mail.subject).toBe('Forgot Your Password');
      const link = /https?:\/\/\S+\/password\/reset\?token=\S+/.exec(mail.text ?? '')![0];
      expect(log).toContain(link);
    } finally {
      await app.close();
    }
  });
});
