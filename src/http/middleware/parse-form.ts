import { bodyParser } from '@koa/bodyparser';
import type { Middleware } from 'koa';

import { parsedBody } from '../input/parsed-body.js';

/** Parses url-encoded form posts, up to 16 KiB. Anything larger is refused with 413. */
export function parseForm(): Middleware {
  return parsedBody(bodyParser({ enableTypes: ['form'], formLimit: '16kb', encoding: 'utf-8' }) as Middleware);
}
