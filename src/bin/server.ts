// `npm start`: loads the configuration, starts the server, stops it cleanly on SIGINT/SIGTERM.
import { ConfigError } from '../config/config-error.js';
import { loadDotEnv } from '../config/dot-env.js';
import { loadConfig } from '../config/load-config.js';
import { createLogger } from '../core/logger.js';
import { startServer } from '../main.js';
import { DataDirLockedError } from '../storage/database/data-dir-lock.js';

let config;
try {
  loadDotEnv();
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  throw error;
}

const logger = createLogger(config.logLevel);
try {
  const server = await startServer(config, logger);
  process.stdout.write(`\n  ${config.http.issuer} is ready (discovery: ${config.http.issuer}/.well-known/openid-configuration)\n\n`);
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      return;
    }
    stopping = true;
    logger.info({ signal }, 'stopping');
    server.close().then(() => process.exit(0), (error: unknown) => {
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
  logger.fatal({ err: error }, 'could not start');
  process.exit(1);
}
