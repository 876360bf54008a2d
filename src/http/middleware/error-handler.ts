// Turns every error of our routes into a clear page (or JSON for API clients): never a stack trace,
// never a crash. Server faults are logged; client errors are not noise worth more than a debug line.
import type { Context, Middleware } from 'koa';

import { isAppError } from '../../core/app-error.js';
import { isUnavailable, RETRY_AFTER_SECONDS, UnavailableError } from '../../core/unavailable-error.js';
import type { Logger } from '../../core/logger.js';
import { requestIdOf } from '../request-id.js';

export interface ErrorView {
  readonly status: number;
  readonly code: string;
  readonly message: string;
}

/** Writes the response for a refused or failed request; `error` is what was thrown (for its details). */
export type ErrorResponder = (ctx: Context, view: ErrorView, error: unknown) => void;

const GENERIC_MESSAGES: Record<number, string> = {
  400: 'The request could not be understood.',
  403: 'This request is not allowed.',
  404: 'There is nothing at this address.',
  405: 'This address does not accept that kind of request.',
  413: 'The request was too large.',
  415: 'The request was sent in a format this page does not accept.',
  429: 'Too many attempts. Wait a little, then try again.',
  500: 'Something went wrong on our side. Try again in a moment.',
};

export function errorHandler(deps: { logger: Logger; respond: ErrorResponder }): Middleware {
  return async (ctx, next) => {
    try {
      await next();
    } catch (error) {
      let view = toErrorView(error);
      const requestId = requestIdOf(ctx);
      if (view.status === 503) {
        ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
        deps.logger.warn({ err: error, requestId, method: ctx.method, path: ctx.path }, 'request failed: a dependency is unavailable');
      } else if (view.status >= 500) {
        // The last line of defence: a plain message for the person, the whole error in the log, one id for both.
        deps.logger.error({ err: error, requestId, method: ctx.method, path: ctx.path }, 'request failed');
        view = requestId ? { ...view, message: `${view.message} If it keeps happening, give this reference: ${requestId}.` } : view;
      } else {
        deps.logger.debug({ code: view.code, status: view.status, path: ctx.path }, 'request refused');
      }
      deps.respond(ctx, view, error);
    }
  };
}

export function toErrorView(error: unknown): ErrorView {
  if (isUnavailable(error) && !(error instanceof UnavailableError)) {
    return toErrorView(new UnavailableError('database', error));
  }
  if (isAppError(error)) {
    return {
      status: error.status,
      code: error.code,
      message: error.expose ? error.userMessage! : genericMessage(error.status),
    };
  }
  // Errors from Koa and its body parser carry an HTTP status; those under 500 are the client's.
  const status = (error as { status?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return { status, code: 'bad_request', message: genericMessage(status) };
  }
  return { status: 500, code: 'server_error', message: genericMessage(500) };
}

function genericMessage(status: number): string {
  return GENERIC_MESSAGES[status] ?? (status < 500 ? GENERIC_MESSAGES[400]! : GENERIC_MESSAGES[500]!);
}
