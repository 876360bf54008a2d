export const RecoveryMessages = {
  invalidEmail: 'Enter your email address, like name@example.com.',
  mismatch: 'The two passwords are not the same.',
  resendWait: (seconds: number) => `We sent an email less than a minute ago. You can send another in ${seconds} seconds.`,
  expired: 'This link has expired: links to reset a password work for 60 minutes. Ask for a new one below.',
  used: 'This link was already used, or a newer one was sent since: only the latest link works, once. Ask for a new one below.',
  unknown: 'This link is not valid. Check that you copied all of it, or ask for a new one below.',
} as const;
