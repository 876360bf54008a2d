import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';

import { parsedBody } from '../input/parsed-body.js';

/** Parses url-encoded form posts, up to 16 KiB (or `limit`). Anything larger is refused with 413. */
export function parseForm(limit = '16kb'): Middleware {
  return parsedBody(bodyParser({ enableTypes: ['form'], formLimit: limit, encoding: 'utf-8' }) as Middleware);
}
