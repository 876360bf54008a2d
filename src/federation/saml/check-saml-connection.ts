// 'Test the connection' for a SAML 2.0 identity provider: are its signing certificates valid now, and does
// its single sign-on service answer? (A full test signs in at it: that is the company's sign-in itself.)
import { X509Certificate } from 'node:crypto';

import type { SamlConnection } from '../../organizations/organization.js';
import type { Outbound } from '../../outbound/outbound.js';
import type { ProviderCheck, ProviderCheckStep } from '../check-provider.js';
import { UNREACHABLE } from '../check-provider.js';

export async function checkSamlConnection(connection: SamlConnection, deps: { outbound: Outbound; now?: () => Date }): Promise<ProviderCheck> {
  const now = deps.now?.() ?? new Date();
  const steps: ProviderCheckStep[] = connection.certificates.map((base64, index) => {
    const certificate = new X509Certificate(Buffer.from(base64, 'base64'));
    const from = new Date(certificate.validFrom);
    const to = new Date(certificate.validTo);
    const ok = from <= now && now < to;
    const name = `Signing certificate ${index + 1}`;
    const subject = certificate.subject.replace(/\n/g, ', ');
    return {
      name, ok,
      detail: ok ? `${subject}, valid until ${to.toISOString().slice(0, 10)}`
        : `${subject}: ${now < from ? `not valid before ${from.toISOString().slice(0, 10)}` : `expired on ${to.toISOString().slice(0, 10)}`}`,
    };
  });
  if (!steps.some((step) => step.ok)) {
    steps.push({ name: 'Signatures', ok: false, detail: 'no trusted certificate is valid today: every sign-in would be refused' });
  }
  const fetcher = deps.outbound[connection.setBy === 'operator' ? 'any' : 'public'];
  try {
    const response = await fetcher(connection.ssoUrl, { method: 'GET', redirect: 'manual' });
    await response.body?.cancel();
    steps.push({ name: 'Single sign-on service', ok: response.status < 500, detail: `${connection.ssoUrl} answered HTTP ${response.status}` });
  } catch {
    steps.push({ name: 'Single sign-on service', ok: false, detail: `${connection.ssoUrl}: ${UNREACHABLE}` });
  }
  return { ok: steps.every((step) => step.ok), steps };
}
