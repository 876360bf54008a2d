// What most flow tests start from: the server, an SMTP server that receives its mail, and a first-party
// relying party.
import type * as oidc from 'openid-client';

import { createTestApp, type TestApp, type TestAppOptions } from './create-test-app.js';
import { discover, registerClient } from './relying-party.js';
import { startSmtpSink, type SmtpSink } from './smtp-sink.js';

export interface Testbed {
  readonly app: TestApp;
  readonly sink: SmtpSink;
  readonly rp: oidc.Configuration;
}

export async function createTestbed(options: TestAppOptions = {}): Promise<Testbed> {
  const sink = await startSmtpSink();
  const app = await createTestApp({ ...options, env: { SMTP_URL: sink.url, ...options.env } });
  const rp = await discover(app, await registerClient(app, { firstParty: true }));
  return { app, sink, rp };
}

export async function closeTestbed(bed: Partial<Testbed>): Promise<void> {
  await bed.app?.close();
  await bed.sink?.close();
}
