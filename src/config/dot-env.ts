import { existsSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * Reads ./.env into the environment when it exists (variables already set win), so that settings can
 * live in a file next to the server as .env.example shows.
 */
export function loadDotEnv(path = resolve(process.cwd(), '.env')): void {
  if (existsSync(path)) {
    process.loadEnvFile(path);
  }
}
