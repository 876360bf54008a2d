import { normalizeEmail } from '../accounts/normalize-email.js';

/** Who another provider says signed in, read through a claim mapping. */
export interface UpstreamIdentity {
  readonly subject: string;
  /** Normalized; undefined when absent, malformed, or marked unverified by the provider. */
  readonly email: string | undefined;
  readonly name: string | undefined;
  /** The provider says the user signed in there with more than one factor (SAML's AuthnContextClassRef). */
  readonly multiFactor?: boolean | undefined;
}

export function readIdentity(claims: Record<string, unknown>, mapping: { sub: string; email: string; name: string }): UpstreamIdentity | undefined {
  const subject = claims[mapping.sub];
  if (typeof subject !== 'string' || subject.length === 0 || subject.length > 255) {
    return undefined;
  }
  const rawEmail = claims[mapping.email];
  const verified = claims['email_verified'] !== false && claims['email_verified'] !== 'false';
  const email = typeof rawEmail === 'string' && verified ? normalizeEmail(rawEmail) : undefined;
  const rawName = claims[mapping.name];
  const name = typeof rawName === 'string' ? rawName.normalize('NFC').trim().slice(0, 100) || undefined : undefined;
  return { subject, email, name };
}
