// .env.example documents every setting with its default: it must name exactly what the server reads.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { projectRoot } from '../core/project-root.js';
import { envSchema } from './env-schema.js';

const documented = readFileSync(join(projectRoot, '.env.example'), 'utf8')
  .split('\n')
  .map((line) => /^#?\s?([A-Z][A-Z0-9_]+)=(.*)$/.exec(line))
  .filter((match): match is RegExpExecArray => match !== null)
  .map((match) => ({ name: match[1]!, value: match[2]! }));

test('.env.example lists every setting, and nothing else', () => {
  expect(documented.map((entry) => entry.name).sort()).toEqual(Object.keys(envSchema.shape).sort());
});

test('the defaults shown in .env.example are the real defaults', () => {
  for (const { name, value } of documented) {
    if (value === '') {
      continue;
    }
    const parsed = envSchema.shape[name as keyof typeof envSchema.shape].safeParse(undefined);
    const shown = envSchema.shape[name as keyof typeof envSchema.shape].safeParse(value);
    if (name === 'ISSUER') {
      continue; // derived from PORT when unset
    }
    expect(parsed.success && shown.success && JSON.stringify(parsed.data)).toBe(JSON.stringify(shown.data));
  }
});
