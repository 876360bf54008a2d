// A body parser as our routes use it: what it cannot read (a body that is not the gzip it claims to be,
// an encoding it does not know, bad JSON) is the client's 4xx, never a 500; and no control characters in
// what it read.
import type { Middleware } from 'koa';

import { AppError } from '../../core/app-error.js';
import { controlCharactersRefused } from './refuse-control-characters.js';
import { containsControlCharacters } from './text-rules.js';

export function parsedBody(parser: Middleware): Middleware {
  return async (ctx, next) => {
    let parsed = false;
    try {
      await parser(ctx, async () => {
        parsed = true;
      });
    } catch (error) {
      const status = (error as { status?: unknown }).status;
      if (typeof status === 'number' && status >= 400 && status < 500) {
        throw error;
      }
      throw new AppError('invalid_body', 'the request body could not be read', {
        status: 400, cause: error, userMessage: 'The request could not be read. Try again.',
      });
    }
    if (!parsed) {
      return;
    }
    if (containsControlCharacters((ctx.request as { body?: unknown }).body)) {
      throw controlCharactersRefused();
    }
    await next();
  };
}
