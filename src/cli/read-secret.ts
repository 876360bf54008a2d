// A secret the CLI must not take as an argument (arguments stay in the shell's history and show in `ps`):
// asked on the terminal without echo, twice; or, when stdin is not a terminal, its first line.
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';

import { UsageError } from './cli-context.js';

interface Terminal extends Readable {
  readonly isTTY?: boolean;
  setRawMode?(mode: boolean): unknown;
}

export async function readSecret(label: string, input: Terminal = process.stdin, output: Writable = process.stderr): Promise<string> {
  if (!input.isTTY || !input.setRawMode) {
    const line = await firstLine(input);
    if (line === undefined) {
      throw new UsageError(`--${label.toLowerCase()} is required (or give it on stdin)`);
    }
    return line;
  }
  const first = await askHidden(`${label}: `, input, output);
  const again = await askHidden(`Confirm ${label.toLowerCase()}: `, input, output);
  if (first !== again) {
    throw new UsageError(`the two ${label.toLowerCase()}s are not the same`);
  }
  return first;
}

async function firstLine(input: Readable): Promise<string | undefined> {
  const lines = createInterface({ input, terminal: false });
  try {
    for await (const line of lines) {
      return line;
    }
    return undefined;
  } finally {
    lines.close();
  }
}

function askHidden(prompt: string, input: Terminal, output: Writable): Promise<string> {
  output.write(prompt);
  input.setRawMode!(true);
  input.resume();
  return new Promise((resolve, reject) => {
    let typed = '';
    const done = (error?: Error) => {
      input.off('data', onData);
      input.setRawMode!(false);
      input.pause();
      output.write('\n');
      if (error) {
        reject(error);
      } else {
        resolve(typed);
      }
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') {
          return done();
        }
        if (char === '\u0003' || char === '\u0004') {
          return done(new UsageError('cancelled'));
        }
        if (char === '\u007f' || char === '\b') {
          typed = [...typed].slice(0, -1).join('');
        } else if (char >= ' ') {
          typed += char;
        }
      }
    };
    input.on('data', onData);
  });
}
