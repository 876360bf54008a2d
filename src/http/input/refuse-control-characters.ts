// One check at the door of our routes, before any handler: a path or query carrying control characters
// (NUL above all, which PostgreSQL refuses) is the client's 400, whatever the field. Bodies: parsed-body.ts.
import type { Middleware } from 'koa';

import { AppError } from '../../core/app-error.js';
import { containsControlCharacters } from './text-rules.js';

export const controlCharactersRefused = () => new AppError('invalid_characters', 'control characters in the request', {
  status: 400, userMessage: 'The request contains characters that are not allowed. Remove them and try again.',
});

/**
 * Query strings (and the path), checked before routing. Paths under `answeredElsewhere` (an API that
 * answers in its own format) are left to that API, which puts the same check behind its error responses.
 */
export function refuseControlCharactersInQuery(answeredElsewhere: readonly string[] = []): Middleware {
  return async (ctx, next) => {
    if (!answeredElsewhere.some((prefix) => ctx.path.startsWith(prefix)) && (containsControlCharacters(decodedPath(ctx.path)) || (ctx.querystring !== '' && containsControlCharacters(ctx.query)))) {
      throw controlCharactersRefused();
    }
    await next();
  };
}

function decodedPath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    // Not valid percent-encoding: the router matches it as it is, and no parameter is decoded from it.
    return path;
  }
}
