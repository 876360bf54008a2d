// NIST SP 800-63B: length is what counts; no composition rules; any characters.

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_RECOMMENDED_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/** Says what is wrong with a new password, or undefined when it is acceptable. */
export function checkPassword(password: string, context: { readonly email: string }): string | undefined {
  const length = [...password.normalize('NFC')].length;
  if (length < PASSWORD_MIN_LENGTH) {
    return `Use at least ${PASSWORD_MIN_LENGTH} characters (${PASSWORD_RECOMMENDED_LENGTH} or more is better).`;
  }
  if (length > PASSWORD_MAX_LENGTH) {
    return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  }
  if (password.trim().toLowerCase() === context.email.toLowerCase()) {
    return 'Do not use your email address as your password.';
  }
  return undefined;
}
