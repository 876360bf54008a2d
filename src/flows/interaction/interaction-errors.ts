import { AppError } from '../../core/app-error.js';

export const InteractionErrorCode = {
  expired: 'interaction_expired',
  mismatch: 'interaction_mismatch',
  wrongStep: 'interaction_wrong_step',
} as const;

export function interactionExpired(cause?: unknown): AppError {
  return new AppError(InteractionErrorCode.expired, 'interaction not found', {
    status: 400,
    cause,
    userMessage: 'This sign-in page has expired or was opened in another browser. '
      + 'Go back to the application and sign in again.',
  });
}

export function interactionMismatch(): AppError {
  return new AppError(InteractionErrorCode.mismatch, 'interaction id does not match the cookie', {
    status: 400,
    userMessage: 'This sign-in page belongs to another sign-in. Go back to the application and sign in again.',
  });
}

export function wrongStep(): AppError {
  return new AppError(InteractionErrorCode.wrongStep, 'request does not fit the current prompt', {
    status: 400,
    userMessage: 'This step of the sign-in is not expected now. Go back to the application and sign in again.',
  });
}
