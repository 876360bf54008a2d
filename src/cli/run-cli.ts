import { isAppError } from '../core/app-error.js';
import { UsageError, type CliCommand, type CliContext } from './cli-context.js';
import { clientCreate } from './commands/client-create.js';
import { dbMigrate } from './commands/db-migrate.js';
import { keysList, keysRetire, keysRotate } from './commands/keys.js';
import { userCreate } from './commands/user-create.js';

export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  'client:create': clientCreate,
  'user:create': userCreate,
  'keys:rotate': keysRotate,
  'keys:list': keysList,
  'keys:retire': keysRetire,
  'db:migrate': dbMigrate,
};

export interface CliIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
}

export function usage(): string {
  const lines = Object.values(COMMANDS).map((command) => `  npm run cli -- ${command.usage}\n      ${command.summary}`);
  return `Usage:\n${lines.join('\n')}`;
}

/** The command's name and arguments, without opening anything; undefined when the command is unknown. */
export function findCommand(argv: readonly string[]): CliCommand | undefined {
  const [name] = argv;
  return name === undefined ? undefined : COMMANDS[name];
}

/** Runs one command and returns its exit code: 0 done, 1 refused, 2 wrong arguments. */
export async function runCli(argv: readonly string[], context: Omit<CliContext, 'out'>, io: CliIo): Promise<number> {
  const command = findCommand(argv);
  if (!command) {
    io.err(argv[0] === undefined ? usage() : `unknown command ${argv[0]}\n${usage()}`);
    return 2;
  }
  try {
    await command.run(argv.slice(1), { ...context, out: io.out });
    return 0;
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`${error.message}\nusage: npm run cli -- ${command.usage}`);
      return 2;
    }
    if (isAppError(error) && error.status < 500) {
      io.err(`error: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
