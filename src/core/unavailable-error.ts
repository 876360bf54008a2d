// A dependency (the state store, the database) is away for a moment: the request is answered 503 with
// Retry-After, never 500, and the client may try again.
import { AppError } from './app-error.js';

export const RETRY_AFTER_SECONDS = 2;

export class UnavailableError extends AppError {
  constructor(readonly dependency: 'store' | 'database', cause?: unknown) {
    super(UNAVAILABLE_CODE, `the ${dependency} is unavailable`, {
      status: 503,
      expose: true,
      userMessage: 'The service is unavailable for a moment. Try again in a few seconds.',
      cause,
    });
    this.name = 'UnavailableError';
  }
}

/**
 * An UnavailableError, an error that carries its code (Prisma wraps what the database adapter throws in
 * its own error class but keeps the code), or one caused by either (oidc-provider's 503 error).
 */
export function isUnavailable(error: unknown, depth = 0): boolean {
  if (error instanceof UnavailableError || (error as { code?: unknown } | null)?.code === UNAVAILABLE_CODE) {
    return true;
  }
  const cause = (error as { cause?: unknown } | null)?.cause;
  return depth < 3 && cause !== undefined && isUnavailable(cause, depth + 1);
}

const UNAVAILABLE_CODE = 'temporarily_unavailable';
