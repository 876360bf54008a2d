// Errors of the Admin API as RFC 9457 problem details: a stable type per code, the status, a sentence for
// people, and for validation the fields at fault. Never a stack, never a 500 for bad input.
import type { Context, Middleware } from 'koa';
import { z } from 'zod';

import { AppError } from '../../core/app-error.js';
import type { Logger } from '../../core/logger.js';
import { errorHandler } from '../../http/middleware/error-handler.js';

export interface FieldProblem {
  readonly field: string;
  readonly message: string;
}

export class ApiProblem extends AppError {
  readonly errors: readonly FieldProblem[] | undefined;
  readonly challenge: string | undefined;

  constructor(code: string, status: number, detail: string, extra: { errors?: FieldProblem[]; challenge?: string } = {}) {
    super(code, detail, { status, userMessage: detail });
    this.errors = extra.errors;
    this.challenge = extra.challenge;
  }
}

export function invalidRequest(error: z.ZodError, where: 'body' | 'query'): ApiProblem {
  const errors = error.issues.flatMap((issue) => {
    const at = issue.path.map(String);
    // An unknown field is named itself, not its parent.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ field: [...at, key].join('.'), message: 'is not a field this operation takes' }));
    }
    return [{ field: at.length > 0 ? at.join('.') : where, message: issue.message }];
  });
  return new ApiProblem('invalid_request', 400, `The request ${where} is not valid: ${errors.map((e) => e.field).join(', ')}.`, { errors });
}

export function problemType(code: string): string {
  return `urn:gotoassist:admin-api:problem:${code}`;
}

/** The API's own error handling: the common one, answering with problem details. */
export function problemResponses(deps: { logger: Logger }): Middleware {
  return errorHandler({
    logger: deps.logger,
    respond: (ctx, view, error) => sendProblem(ctx, view.status, view.code, view.message, error instanceof ApiProblem ? error : undefined),
  });
}

function sendProblem(ctx: Context, status: number, code: string, detail: string, problem: ApiProblem | undefined): void {
  ctx.status = status;
  ctx.set('Cache-Control', 'no-store');
  if (problem?.challenge) {
    ctx.set('WWW-Authenticate', problem.challenge);
  }
  ctx.type = 'application/problem+json';
  ctx.body = JSON.stringify({
    type: problemType(code), title: code.replace(/_/g, ' '), status, detail, ...(problem?.errors ? { errors: problem.errors } : {}),
  });
}
