// `npm start`: loads the configuration, starts the server, stops it cleanly on SIGINT/SIGTERM.
import { unavailableMessage } from '../cli/unavailable-message.js';
import { createLogger } from '../core/logger.js';
import { isUnavailable } from '../core/unavailable-error.js';
import { startServer } from '../main.js';
import { DataDirLockedError } from '../storage/database/data-dir-lock.js';
import { configOrExit } from './config-or-exit.js';

const config = configOrExit();

const logger = createLogger(config.logLevel);
try {
  const server = await startServer(config, logger);
  process.stdout.write(`\n  ${config.http.issuer} is ready (discovery: ${config.http.issuer}/.well-known/openid-configuration)\n`
    + `  Open ${config.http.issuer}/ to get started.\n\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.shutdown().then(() => process.exit(0), (error: unknown) => {
      logger.error({ err: error }, 'could not stop cleanly');
      process.exit(1);
    });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
} catch (error) {
  if (error instanceof DataDirLockedError) {
    process.stderr.write(`${error.message}: stop it first, or give this server another DATA_DIR\n`);
    process.exit(1);
  }
  if (isUnavailable(error)) {
    process.stderr.write(`${unavailableMessage(error)}\n`);
  }
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
