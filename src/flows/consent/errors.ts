export const ConsentErrorCode = {
  denied: 'access_denied',
} as const;

export const ConsentMessages = {
  denied: 'The user did not allow access.',
} as const;
