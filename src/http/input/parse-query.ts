// Query strings are read with a result, never a throwing parse: a bad one is the client's 400.
import type { Context } from 'koa';
import type { z } from 'zod';

import { AppError } from '../../core/app-error.js';

export function parseQuery<T extends z.ZodType>(schema: T, ctx: Pick<Context, 'query'>): z.infer<T> {
  const result = schema.safeParse(ctx.query);
  if (!result.success) {
    const fields = [...new Set(result.error.issues.map((issue) => issue.path.join('.')))].join(', ');
    throw new AppError('invalid_request', `invalid query parameters: ${fields}`, {
      status: 400, userMessage: 'This address is not valid. Check the link, or start again from the app.',
    });
  }
  return result.data;
}
