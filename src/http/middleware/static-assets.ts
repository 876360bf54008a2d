// Serves interactions/static and the browser half of a dependency or two (from node_modules, never copied
// into the repository): read once at start-up, a fixed set of files, nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';

import type { Middleware } from 'koa';

import type { ThemeCss } from '../../config/theme-file.js';
import { projectRoot } from '../../core/project-root.js';

/** Served as /static/NAME: @simplewebauthn/browser's bundle (the global SimpleWebAuthnBrowser), for passkey pages. */
const FROM_DEPENDENCIES: Readonly<Record<string, string>> = {
  'webauthn.js': join(projectRoot, 'node_modules', '@simplewebauthn', 'browser', 'dist', 'bundle', 'index.umd.min.js'),
};

const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.js': 'text/javascript; charset=utf-8',
};

export const STATIC_PREFIX = '/static/';

/** The operator's theme (THEME_CSS_FILE), when there is one. */
export const THEME_PATH = `${STATIC_PREFIX}theme.css`;

/** The stylesheets every page loads after the product's own: the theme, versioned by its digest. */
export const themeStylesheets = (theme: ThemeCss | undefined): string[] => (theme ? [`${THEME_PATH}?v=${theme.version}`] : []);

export function staticAssets(dir: string, theme?: ThemeCss): Middleware {
  const files = new Map([
    ...readdirSync(dir).filter((name) => TYPES[extname(name)] !== undefined).map((name) => [name, join(dir, name)] as const),
    ...Object.entries(FROM_DEPENDENCIES),
  ].map(([name, path]) => [`${STATIC_PREFIX}${name}`, { body: readFileSync(path), type: TYPES[extname(name)]! }]));
  if (theme) {
    files.set(THEME_PATH, { body: Buffer.from(theme.css, 'utf8'), type: TYPES['.css']! });
  }
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
