// Starts the real server in this process, on 127.0.0.1 and a port of its own, on the storage that
// TEST_STORAGE selects. Everything a test needs to drive it: URLs, services, clean-up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Config } from '../../src/config/config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger, type Logger } from '../../src/core/logger.js';
import type { Clock } from '../../src/core/clock.js';
import { startServer, type OpenOptions, type RunningServer, type Services } from '../../src/main.js';
import { freePort } from './free-port.js';
import { createExternalStorage, storageMode, type ExternalStorage } from './test-storage.js';
import { testSecrets } from './test-secrets.js';

export interface TestApp {
  readonly issuer: string;
  readonly config: Config;
  readonly services: Services;
  readonly server: RunningServer;
  close(): Promise<void>;
}

export interface TestAppOptions {
  /** Extra environment, e.g. TTLs. */
  readonly env?: Record<string, string>;
  /** Use this external storage (shared with another instance) instead of a fresh one. */
  readonly external?: ExternalStorage;
  readonly logger?: Logger;
  readonly clock?: Clock;
  /** Replaces throttling policies, e.g. without delays to reach a block quickly. */
  readonly throttlePolicies?: OpenOptions['throttlePolicies'];
  /** A port chosen beforehand (freePort), when another server must know the issuer first. */
  readonly port?: number;
  /**
   * A data directory that outlives the app (a restart test): on the embedded default the database is kept
   * there, as `npm start` keeps it, instead of in memory; the caller removes the directory.
   */
  readonly dataDir?: string;
}

export async function createTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const port = options.port ?? await freePort();
  const issuer = `http://127.0.0.1:${port}`;
  const ownExternal = !options.external && storageMode() === 'external' ? await createExternalStorage() : undefined;
  const external = options.external ?? ownExternal;
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'idp-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    HOST: '127.0.0.1',
    PORT: String(port),
    ISSUER: issuer,
    DATA_DIR: dataDir,
    LOG_LEVEL: 'silent',
    // Several servers run at once: each its own management port.
    MANAGEMENT_PORT: '0',
    SHUTDOWN_GRACE_SECONDS: '0',
    // Every sign-in of a test comes from a new browser: tests of login verification switch it on.
    LOGIN_VERIFICATION: 'false',
    ...testSecrets(),
    ...external?.env,
    ...options.env,
  });
  const logger = options.logger ?? createLogger(process.env['TEST_LOG_LEVEL'] ?? 'silent');
  const server = await startServer(config, logger, {
    clock: options.clock,
    throttlePolicies: options.throttlePolicies,
    ...(external || options.dataDir ? {} : { database: { kind: 'pglite', directory: undefined } }),
  });
  return {
    issuer,
    config,
    services: server.services,
    server,
    async close() {
      await server.close();
      await ownExternal?.drop();
      if (!options.dataDir) {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}
