import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from './cli-context.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict option parsing: unknown options, stray arguments and missing values are usage errors. */
export function parseOptions<T extends Options>(args: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') {
    throw new UsageError(`--${name} is required`);
  }
  return value;
}
