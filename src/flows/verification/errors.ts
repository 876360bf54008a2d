export const VerificationMessages = {
  wrongCode: 'That code is not right. Check the email and try again.',
  exhausted: 'Too many wrong codes. Sign in again to get a new email.',
  expired: 'This verification has expired. Sign in again to get a new email.',
  notYet: 'We have not seen the link used yet. Open the link in the email, or enter its code here.',
  resent: 'We sent a new email. The code and link in the earlier one no longer work.',
  resendWait: (seconds: number) => `You can ask for a new code in ${seconds} seconds.`,
  resendLimit: 'We cannot send more emails for this sign-in. Sign in again to start over.',
  linkExpired: 'This link has expired or was already used. Sign in again to get a new email.',
} as const;
