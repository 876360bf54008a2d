import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { SettingProblem } from './config-error.js';
import { themeCss } from './theme-file.js';

const dir = mkdtempSync(join(tmpdir(), 'theme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const read = (css: string | Buffer) => {
  const file = join(dir, `theme-${Math.random().toString(36).slice(2)}.css`);
  writeFileSync(file, css);
  const problems: SettingProblem[] = [];
  return { theme: themeCss(file, problems), problems: problems.map((problem) => `${problem.setting}: ${problem.problem}`) };
};

test('a theme is read once, with a digest for its URL', () => {
  const { theme, problems } = read(':root { --accent: #7a1f5c; }\n.card { border-radius: 4px; background: url("/static/logo.svg"); }\n');
  expect(problems).toEqual([]);
  expect(theme).toEqual({ css: expect.stringContaining('--accent: #7a1f5c'), version: expect.stringMatching(/^[0-9a-f]{16}$/) });
  expect(themeCss(undefined, [])).toBeUndefined();
});

test.each([
  ['@import url("other.css");', /must be one file/],
  ['body { background: url(https://cdn.example/bg.png); }', /loads from another host/],
  ["body { background: url( '//cdn.example/bg.png'); }", /loads from another host/],
  [Buffer.from([0xff, 0xfe, 0x00, 0x41]), /is not UTF-8 text/],
  ['a'.repeat(100 * 1024 + 1), /has 101 KiB; a theme has at most 100 KiB/],
])('%s stops the start with the reason', (css, problem) => {
  const { theme, problems } = read(css);
  expect(theme).toBeUndefined();
  expect(problems).toEqual([expect.stringMatching(problem)]);
  expect(problems[0]).toMatch(/^THEME_CSS_FILE: /);
});

test('a file that is not there is named', () => {
  const problems: SettingProblem[] = [];
  themeCss(join(dir, 'missing.css'), problems);
  expect(problems).toEqual([{ setting: 'THEME_CSS_FILE', problem: `cannot read ${join(dir, 'missing.css')}` }]);
});
