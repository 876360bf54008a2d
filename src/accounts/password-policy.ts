// NIST SP 800-63B: length is what counts; any characters; no composition rules; refuse passwords that
// are common or breached, and ones made of the context (the email, the product's name).
import { dictionary } from '@zxcvbn-ts/language-common';

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_RECOMMENDED_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

export interface PasswordPolicy {
  /** Says what is wrong with a new password, or undefined when it is acceptable. */
  check(password: string, context: { readonly email: string }): string | undefined;
}

/** @param commonPasswords lower-case; by default the ~49,000 most common passwords of zxcvbn-ts. */
export function createPasswordPolicy(options: {
  readonly commonPasswords?: Iterable<string>;
  readonly productName: string;
}): PasswordPolicy {
  const common = new Set(options.commonPasswords ?? (dictionary['passwords-common'] as string[]));
  const product = options.productName.toLowerCase();

  return {
    check(password, context) {
      const length = [...password.normalize('NFC')].length;
      if (length < PASSWORD_MIN_LENGTH) {
        return `Use at least ${PASSWORD_MIN_LENGTH} characters (${PASSWORD_RECOMMENDED_LENGTH} or more is better).`;
      }
      if (length > PASSWORD_MAX_LENGTH) {
        return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
      }
      const lower = password.trim().toLowerCase();
      const email = context.email.toLowerCase();
      const localPart = email.split('@')[0] ?? '';
      if (lower === email || lower === localPart) {
        return 'Do not use your email address as your password.';
      }
      if (common.has(lower) || /^(.)\1+$/u.test(lower)) {
        return 'This password is too common: it is among the first that attackers try. Choose another.';
      }
      if (lower.replace(/[^a-z]/g, '') === product) {
        return `Do not use the name ${options.productName} as your password.`;
      }
      return undefined;
    },
  };
}
