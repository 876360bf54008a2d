export const LoginErrorCode = {
  invalidEmail: 'invalid_email',
  invalidCredentials: 'invalid_credentials',
} as const;

export const LoginMessages = {
  invalidEmail: 'Enter your email address, like name@example.com.',
  // The same words whether the account exists or not.
  invalidCredentials: 'The email address or password is incorrect.',
  missingPassword: 'Enter your password.',
} as const;
