// A real SMTP server in the test process: the server under test sends mail to it over SMTP, and the
// test reads each message, parsed (mailparser), with its text and HTML parts.
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

export interface SmtpSink {
  readonly url: string;
  readonly messages: ParsedMail[];
  /** The next message (not yet taken) to `to`, with this subject if given, waiting for it if need be. */
  next(to: string, options?: { subject?: string; timeoutMs?: number }): Promise<ParsedMail>;
  /** Messages received so far to `to`. */
  to(address: string): ParsedMail[];
  close(): Promise<void>;
}

export async function startSmtpSink(): Promise<SmtpSink> {
  const messages: ParsedMail[] = [];
  const taken = new Set<ParsedMail>();
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream).then((mail) => {
        messages.push(mail);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as { port: number };
  const recipients = (mail: ParsedMail) => [mail.to].flat().flatMap((to) => to?.value.map((entry) => entry.address?.toLowerCase()) ?? []);
  const sink: SmtpSink = {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    to: (address) => messages.filter((mail) => recipients(mail).includes(address.toLowerCase())),
    async next(to, { subject, timeoutMs = 10_000 } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = sink.to(to).find((mail) => !taken.has(mail) && (subject === undefined || mail.subject === subject));
        if (found) {
          taken.add(found);
          return found;
        }
        if (Date.now() > deadline) {
          throw new Error(`no mail to ${to} within ${timeoutMs} ms (got: ${messages.map((mail) => mail.subject).join(', ')})`);
        }
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return sink;
}

/** The first link in a message's text part that starts with `prefix`. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const link = (mail.text ?? '').match(/https?:\/\/\S+/g)?.find((url) => url.startsWith(prefix));
  if (!link) {
    throw new Error(`no link starting ${prefix} in:\n${mail.text}`);
  }
  return link;
}

/** The 6-digit code of a 'Verify your login' message. */
export function verificationCode(mail: ParsedMail): string {
  const code = /enter this code on the sign-in page: (\d{6})/.exec(mail.text ?? '')?.[1];
  if (!code) {
    throw new Error(`no verification code in:\n${mail.text}`);
  }
  return code;
}
