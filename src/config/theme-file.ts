// The operator's theme: one CSS file (THEME_CSS_FILE) served after the product's own stylesheet, so that
// the custom properties it sets (--accent, --ink, --page, ...: interactions/static/styles.css lists them)
// change the look of every page without a rebuild; a restart reads it again. Read and checked once, at
// start-up: a file the pages could not use (too large, or loading from other hosts, which the
// Content-Security-Policy refuses) stops the server with the reason.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

import type { SettingProblem } from './config-error.js';

export interface ThemeCss {
  readonly css: string;
  /** A digest of it: the version in its URL (browsers keep it until it changes). */
  readonly version: string;
}

const MAX_BYTES = 100 * 1024;

export function themeCss(file: string | undefined, problems: SettingProblem[]): ThemeCss | undefined {
  if (file === undefined) {
    return undefined;
  }
  const problem = (text: string) => {
    problems.push({ setting: 'THEME_CSS_FILE', problem: text });
    return undefined;
  };
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return problem(`cannot read ${file}`);
  }
  if (bytes.length > MAX_BYTES) {
    return problem(`${file} has ${Math.ceil(bytes.length / 1024)} KiB; a theme has at most ${MAX_BYTES / 1024} KiB`);
  }
  const css = bytes.toString('utf8');
  if (css.includes('\uFFFD') || css.includes('\u0000')) {
    return problem(`${file} is not UTF-8 text`);
  }
  if (/@import\b/i.test(css)) {
    return problem('must be one file: @import is not served');
  }
  if (/url\(\s*['"]?\s*(https?:)?\/\//i.test(css)) {
    return problem('loads from another host (url(...)), which the pages\' Content-Security-Policy refuses: serve it from here or leave it out');
  }
  return { css, version: createHash('sha256').update(bytes).digest('hex').slice(0, 16) };
}
