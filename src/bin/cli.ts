// `npm run cli -- COMMAND ...`: administration from the shell. On the embedded default a running server
// runs the command itself (it owns the database); otherwise the CLI opens the storage directly.
import { controlSocketPath, sendToControlServer } from '../cli/control-socket.js';
import { UsageError } from '../cli/cli-context.js';
import { readSecret } from '../cli/read-secret.js';
import { checkArguments, runCli, usage, withSecretOption } from '../cli/run-cli.js';
import { unavailableMessage } from '../cli/unavailable-message.js';
import { usesEmbeddedDatabase } from '../config/config.js';
import { createLogger } from '../core/logger.js';
import { isUnavailable } from '../core/unavailable-error.js';
import { cliContext, closeServices, openServices } from '../main.js';
import { DataDirLockedError } from '../storage/database/data-dir-lock.js';
import { configOrExit } from './config-or-exit.js';

const given = process.argv.slice(2);
const io = {
  out: (line: string) => process.stdout.write(`${line}\n`),
  err: (line: string) => process.stderr.write(`${line}\n`),
};

process.exitCode = await main();

async function main(): Promise<number> {
  if (given[0] === 'help' || given[0] === '--help') {
    io.out(usage());
    return 0;
  }
  let argv;
  try {
    argv = await withSecretOption(given, (label) => readSecret(label));
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(error.message);
      return 2;
    }
    throw error;
  }
  const problem = checkArguments(argv);
  if (problem !== undefined) {
    io.err(problem);
    return 2;
  }
  const config = configOrExit();
  if (usesEmbeddedDatabase(config)) {
    const result = await sendToControlServer(controlSocketPath(config.storage.dataDir), argv);
    if (result) {
      process.stdout.write(result.stdout);
      process.stderr.write(result.stderr);
      return result.exitCode;
    }
  }
  const logger = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel, process.stderr);
  let services;
  try {
    services = await openServices(config, logger, 'CLI');
  } catch (error) {
    if (error instanceof DataDirLockedError) {
      io.err(`${error.message}. If the server is starting or stopping, wait a moment and run the command again.`);
      return 1;
    }
    if (isUnavailable(error)) {
      io.err(unavailableMessage(error));
      return 1;
    }
    throw error;
  }
  try {
    // Other instances notice new signing keys within SIGNING_KEYS_RELOAD_INTERVAL.
    return await runCli(argv, cliContext(services, async () => undefined), io);
  } finally {
    await closeServices(services);
  }
}
