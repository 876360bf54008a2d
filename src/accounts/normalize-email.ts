// One spelling per address, so that lookups and the unique index agree: Unicode NFC, trimmed, lower case.
// Lower-casing the local part is what users expect of sign-in, even though RFC 5321 allows case.

const MAX_LENGTH = 254;
// Deliberately plain: one @, no spaces, a dot in the domain. Deliverability is proven by email, not by regex.
const SHAPE = /^[^\s@]{1,64}@[^\s@.]+(\.[^\s@.]+)+$/u;

export function normalizeEmail(input: string): string | undefined {
  const email = input.normalize('NFC').trim().toLowerCase();
  return email.length <= MAX_LENGTH && SHAPE.test(email) ? email : undefined;
}
