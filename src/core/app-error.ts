// The one error type of the application. Routes throw it; the error middleware renders it as a page or JSON.

export interface AppErrorOptions {
  /** HTTP status; 400 unless said otherwise. */
  readonly status?: number;
  /** Text safe to show to the user. Without it, a generic message is shown. */
  readonly userMessage?: string;
  /** Show userMessage even for a server-side status (a dependency that is down, 503). */
  readonly expose?: boolean;
  readonly cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly userMessage: string | undefined;
  private readonly exposeAlways: boolean;

  constructor(code: string, message: string, options: AppErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = options.status ?? 400;
    this.userMessage = options.userMessage;
    this.exposeAlways = options.expose ?? false;
  }

  /** Whether the user may see `userMessage`: client errors, and server-side ones marked so. */
  get expose(): boolean {
    return (this.status < 500 || this.exposeAlways) && this.userMessage !== undefined;
  }
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}
