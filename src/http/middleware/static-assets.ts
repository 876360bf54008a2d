// Serves interactions/static: read once at start-up, a fixed set of files, nothing outside the folder.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

import type { Middleware } from 'koa';

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.js': 'text/javascript; charset=utf-8',
};

export const STATIC_PREFIX = '/static/';

export function staticAssets(dir: string): Middleware {
  const files = new Map(
    readdirSync(dir)
      .filter((name) => TYPES[extname(name)] !== undefined)
      .map((name) => [`${STATIC_PREFIX}${name}`, { body: readFileSync(join(dir, name)), type: TYPES[extname(name)]! }]),
  );
  return async (ctx, next) => {
    const file = ctx.method === 'GET' || ctx.method === 'HEAD' ? files.get(ctx.path) : undefined;
    if (!file) {
      return next();
    }
    ctx.type = file.type;
    ctx.set('Cache-Control', 'public, max-age=3600');
    ctx.body = file.body;
  };
}
