import { isAppError } from '../core/app-error.js';
import { isUnavailable } from '../core/unavailable-error.js';
import { unavailableMessage } from './unavailable-message.js';
import { UsageError, type CliCommand, type CliContext } from './cli-context.js';
import { clientCreate } from './commands/client-create.js';
import { dbMigrate } from './commands/db-migrate.js';
import { keysList, keysRetire, keysRotate } from './commands/keys.js';
import { orgBranding, orgConnection, orgCreate, orgDomain, orgEnforceSso, orgMember, orgScimToken, orgSettings } from './commands/org.js';
import { userCreate } from './commands/user-create.js';
import { userInvite } from './commands/user-invite.js';

export const COMMANDS: Readonly<Record<string, CliCommand>> = {
  'client:create': clientCreate,
  'user:create': userCreate,
  'user:invite': userInvite,
  'keys:rotate': keysRotate,
  'keys:list': keysList,
  'keys:retire': keysRetire,
  'org:create': orgCreate,
  'org:domain': orgDomain,
  'org:connection': orgConnection,
  'org:branding': orgBranding,
  'org:enforce-sso': orgEnforceSso,
  'org:member': orgMember,
  'org:scim-token': orgScimToken,
  'org:settings': orgSettings,
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

export function findCommand(argv: readonly string[]): CliCommand | undefined {
  const [name] = argv;
  return name === undefined ? undefined : COMMANDS[name];
}

/**
 * The arguments with the command's secret option filled in when it was not given: `ask` asks for it (on
 * the terminal, or stdin). Unknown commands and `help` are left as they are.
 */
export async function withSecretOption(argv: readonly string[], ask: (label: string) => Promise<string>): Promise<readonly string[]> {
  const secret = findCommand(argv)?.secretOption;
  const flag = secret && `--${secret.name}`;
  if (!secret || !flag || argv.some((arg) => arg === flag || arg.startsWith(`${flag}=`))) {
    return argv;
  }
  // Wrong arguments are said before anything is asked: checked with a stand-in for the secret.
  if (checkArguments([...argv, `${flag}=stand-in`]) !== undefined) {
    return argv;
  }
  return [...argv, `${flag}=${await ask(secret.label)}`];
}

/** Checks the command and its arguments without opening anything: an error message, or undefined. */
export function checkArguments(argv: readonly string[]): string | undefined {
  const command = findCommand(argv);
  if (!command) {
    return argv[0] === undefined ? usage() : `unknown command ${argv[0]}\n${usage()}`;
  }
  try {
    command.parse(argv.slice(1));
    return undefined;
  } catch (error) {
    if (error instanceof UsageError) {
      return `${error.message}\nusage: npm run cli -- ${command.usage}`;
    }
    throw error;
  }
}

/** Runs one command and returns its exit code: 0 done, 1 refused, 2 wrong arguments. */
export async function runCli(argv: readonly string[], context: Omit<CliContext, 'out'>, io: CliIo): Promise<number> {
  const problem = checkArguments(argv);
  const command = findCommand(argv);
  if (problem !== undefined || !command) {
    io.err(problem ?? usage());
    return 2;
  }
  try {
    await command.run(command.parse(argv.slice(1)), { ...context, out: io.out });
    return 0;
  } catch (error) {
    if (isAppError(error) && error.status < 500) {
      io.err(`error: ${error.message}`);
      return 1;
    }
    if (isUnavailable(error)) {
      io.err(unavailableMessage(error));
      return 1;
    }
    throw error;
  }
}
