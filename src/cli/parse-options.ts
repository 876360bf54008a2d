import { parseArgs, type ParseArgsConfig } from 'node:util';

import { UsageError } from './cli-context.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Strict option parsing: unknown options, stray arguments and missing values are usage errors. */
export function parseOptions<T extends Options>(args: readonly string[], options: T) {
  return parseWithPositionals(args, options, 0).values;
}

/** The same, with exactly `count` positional arguments. */
export function parseWithPositionals<T extends Options>(args: readonly string[], options: T, count: number) {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options, strict: true, allowPositionals: count > 0 });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (parsed.positionals.length !== count) {
    throw new UsageError(`expected ${count} argument${count === 1 ? '' : 's'} besides the options, got ${parsed.positionals.length}`);
  }
  return parsed;
}

/** An on|off switch. */
export function onOff(value: string | undefined, name: string): boolean {
  if (value === 'on' || value === 'off') {
    return value === 'on';
  }
  throw new UsageError(`${name} is on or off`);
}

export function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') {
    throw new UsageError(`--${name} is required`);
  }
  return value;
}
