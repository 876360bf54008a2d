// SECURITY.md names, for each requirement, the test that shows it: this fails when such a test is renamed,
// moved or removed, so the checklist cannot silently point at nothing.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../../src/core/project-root.js';

const checklist = readFileSync(join(projectRoot, 'SECURITY.md'), 'utf8');
// A row's last cell: `path/to/file.test.ts` › `the test's own name`
const references = [...checklist.matchAll(/`((?:src|test)\/[\w./-]+\.test\.ts)` › `([^`]+)`/g)]
  .map((match) => ({ file: match[1]!, name: match[2]! }));

/** The titles of a file's tests, as written: test('...'), it("..."), test.each(...)(`...`). */
function testTitles(source: string): Set<string> {
  const titles = new Set<string>();
  for (const match of source.matchAll(/\b(?:test|it)(?:\.each\([\s\S]*?\))?\(\s*(['"`])((?:\\.|(?!\1)[^\\])*)\1/g)) {
    titles.add(match[2]!.replace(/\\(.)/g, '$1'));
  }
  return titles;
}

test('the checklist names tests for at least 80 requirements', () => {
  expect(references.length).toBeGreaterThanOrEqual(80);
});

test('every test the checklist names exists, in the file it names', () => {
  const missing = references.filter(({ file, name }) => {
    const path = join(projectRoot, file);
    return !existsSync(path) || !testTitles(readFileSync(path, 'utf8')).has(name);
  });
  expect(missing).toEqual([]);
});

test('every requirement row says whether it is met', () => {
  const rows = checklist.split('\n').filter((line) => /^\| (\d+\.\d+\.\d+|\d+(\.\d+)* [a-z])/.test(line));
  expect(rows.length).toBeGreaterThanOrEqual(90);
  expect(rows.filter((row) => !/^\| [^|]+ \| (Yes|Partly|No|n\/a) \|/.test(row))).toEqual([]);
});
