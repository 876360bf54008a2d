export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /** The link the message carries, for the development outbox's log. */
  readonly link: string;
}

/** Where mail goes: SMTP in production, files in a folder on the embedded default. */
export interface MailTransport {
  deliver(mail: OutgoingMail): Promise<void>;
  close(): void;
}
