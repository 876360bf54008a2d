export const LoginErrorCode = {
  invalidEmail: 'invalid_email',
  invalidCredentials: 'invalid_credentials',
  throttled: 'throttled',
} as const;

export const LoginMessages = {
  invalidEmail: 'Enter your email address, like name@example.com.',
  // The same words whether the account exists or not.
  invalidCredentials: 'The email address or password is incorrect.',
  missingPassword: 'Enter your password.',
  // Said only after the right password, so it reveals nothing to someone guessing.
  suspended: 'This account is suspended. Ask your administrator to reactivate it.',
  passkeyExpired: 'That took too long, or the page was used twice. Try the passkey again.',
  passkeyUnknown: 'That passkey is not on any account here: it may have been removed. Sign in with your email address instead.',
  passkeyNotVerified: 'Your passkey could not be checked. Try again, or sign in with your email address.',
  passkeyCloned: 'This passkey looks copied from another device, so it cannot sign in. Sign in with your email address, and remove the passkey on My account.',
  passkeyOtherAccount: (email: string) => `That passkey is for another account. Use a passkey of ${email}.`,
  passkeyWithoutUserVerification: 'That passkey did not check your screen lock (fingerprint, face or PIN), so it cannot confirm it is you. '
    + 'Use a passkey that asks for it.',
  ssoOnly: (organization: string) => `${organization} requires you to sign in with your company account, not a password.`,
  wait: (seconds: number) => `Too many attempts. Wait ${seconds} second${seconds === 1 ? '' : 's'}, then try again.`,
  blocked: (minutes: number) => `Too many failed attempts: for your security, signing in from here is blocked for ${minutes} `
    + `minute${minutes === 1 ? '' : 's'}. If you have forgotten your password, reset it.`,
} as const;

export function throttleMessage(verdict: { blocked: boolean; retryAfterSeconds: number }): string {
  return verdict.blocked ? LoginMessages.blocked(Math.ceil(verdict.retryAfterSeconds / 60)) : LoginMessages.wait(verdict.retryAfterSeconds);
}
