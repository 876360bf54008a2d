import type { Config } from '../config/config.js';
import { ConfigError } from '../config/config-error.js';
import { loadDotEnv } from '../config/dot-env.js';
import { loadConfig } from '../config/load-config.js';

/** The configuration from .env and the environment; on a bad setting, its name on stderr and exit code 2. */
export function configOrExit(): Config {
  try {
    loadDotEnv();
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}
