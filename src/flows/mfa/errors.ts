export const MfaMessages = {
  wrongCode: 'That code is not right. Enter the code your app shows now.',
  replayed: 'That code was already used. Wait for your app to show the next one.',
  wrongRecoveryCode: 'That recovery code is not right, or was already used.',
  tooMany: 'Too many wrong codes.',
} as const;

/** Wrong codes allowed before the sign-in ends. */
export const MAX_MFA_FAILURES = 5;
