// The composition root: the only place that knows every part and wires them together.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { Server as NetServer } from 'node:net';
import { join } from 'node:path';

import { createAccountService, type AccountService } from './accounts/account-service.js';
import type { AccountRepository } from './accounts/account-repository.js';
import { createPasswordHasher, type PasswordHasher } from './accounts/password-hasher.js';
import { createClientRegistry, type ClientRegistry } from './clients/client-registry.js';
import type { ClientRepository } from './clients/client-repository.js';
import { controlSocketPath, startControlServer, type CliResult } from './cli/control-socket.js';
import { runCli } from './cli/run-cli.js';
import { usesEmbeddedDatabase, type Config } from './config/config.js';
import type { Logger } from './core/logger.js';
import { projectRoot } from './core/project-root.js';
import { createSecretBox } from './core/secret-box.js';
import { createConsentHandler } from './flows/consent/handler.js';
import { consentRoutes } from './flows/consent/routes.js';
import { interactionRoutes } from './flows/interaction/routes.js';
import { createSignInStateStore } from './flows/interaction/sign-in-state.js';
import { createLoginHandler } from './flows/login/handler.js';
import { loginRoutes } from './flows/login/routes.js';
import { commonMiddleware, createRequestHandler } from './http/create-app.js';
import { healthRoutes } from './http/health-routes.js';
import { csrfProtection } from './http/middleware/csrf.js';
import { parseForm } from './http/middleware/parse-form.js';
import { createErrorResponder, createProviderPages } from './http/pages.js';
import { createRenderer } from './http/render/renderer.js';
import { createKeyRing, type KeyRing } from './keys/key-ring.js';
import { createPasswordMethod, type PasswordMethod } from './methods/password/password-method.js';
import { createProvider } from './provider/create-provider.js';
import { createFindAccount } from './provider/find-account.js';
import { createProviderHost, type ProviderHost } from './provider/provider-host.js';
import type { DatabaseLocation } from './storage/database/open-database.js';
import { createAdapterFactory } from './storage/oidc/create-adapter-factory.js';
import { openStorage, type Storage } from './storage/open-storage.js';
import { createPrismaAccountRepository } from './storage/repositories/prisma-account-repository.js';
import { withClientCache } from './storage/repositories/cached-client-repository.js';
import { createPrismaClientRepository } from './storage/repositories/prisma-client-repository.js';
import { createPrismaSigningKeyRepository } from './storage/repositories/prisma-signing-key-repository.js';

export const PRODUCT_NAME = 'GoToAssist';

export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly storage: Storage;
  readonly hasher: PasswordHasher;
  readonly accountRepository: AccountRepository;
  readonly accounts: AccountService;
  readonly clientRepository: ClientRepository;
  readonly clients: ClientRegistry;
  readonly keys: KeyRing;
  readonly password: PasswordMethod;
}

export interface OpenOptions {
  /** Overrides where the database is (tests use an in-memory PGlite). */
  readonly database?: DatabaseLocation | undefined;
}

/** Storage and the logic on top of it, without HTTP: what the server and the CLI share. */
export async function openServices(config: Config, logger: Logger, role: string, options: OpenOptions = {}): Promise<Services> {
  const storage = await openStorage(config, { role, database: options.database });
  const { prisma } = storage.database;
  const secretBox = createSecretBox(config.secrets.dataEncryptionKeys);
  const hasher = createPasswordHasher();
  const accountRepository = createPrismaAccountRepository(prisma);
  const clientRepository = withClientCache(createPrismaClientRepository(prisma, secretBox), storage.changes);
  return {
    config,
    logger,
    storage,
    hasher,
    accountRepository,
    accounts: createAccountService({ repository: accountRepository, hasher }),
    clientRepository,
    clients: createClientRegistry({ repository: clientRepository }),
    keys: createKeyRing({ repository: createPrismaSigningKeyRepository(prisma, secretBox) }),
    password: createPasswordMethod({ accounts: accountRepository, hasher }),
  };
}

export interface RunningServer {
  readonly url: string;
  readonly services: Services;
  readonly providerHost: ProviderHost;
  close(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger, options: OpenOptions = {}): Promise<RunningServer> {
  const services = await openServices(config, logger, 'server', options);
  const closers: (() => Promise<void> | void)[] = [() => services.storage.close()];
  try {
    const created = await services.keys.ensureKeys();
    if (created.length > 0) {
      logger.info({ kids: created.map((key) => key.kid) }, 'signing keys created');
    }
    await services.clients.syncFirstParty([config.clients.gotoassist, config.clients.adminCenter]);

    const providerHost = await buildProviderHost(services);
    closers.unshift(() => providerHost.stop());
    const httpServer = createHttpServer(buildRequestHandler(services, providerHost));
    await listen(httpServer, config.http.host, config.http.port);
    closers.unshift(() => closeHttpServer(httpServer));

    const embeddedDir = usesEmbeddedDatabase(config) && options.database === undefined ? config.storage.dataDir : undefined;
    if (embeddedDir) {
      const control = await startControlServer(controlSocketPath(embeddedDir), (argv) => runInServer(services, providerHost, argv));
      closers.unshift(() => closeNetServer(control));
    }
    const address = httpServer.address();
    const port = typeof address === 'object' && address ? address.port : config.http.port;
    logger.info({ issuer: config.http.issuer, port, database: services.storage.database.kind, store: services.storage.store.kind },
      'server started');
    return {
      url: `http://${config.http.host.includes(':') ? `[${config.http.host}]` : config.http.host}:${port}`,
      services,
      providerHost,
      async close() {
        for (const close of closers) {
          await close();
        }
      },
    };
  } catch (error) {
    for (const close of closers) {
      await Promise.resolve(close()).catch(() => undefined);
    }
    throw error;
  }
}

async function buildProviderHost(services: Services): Promise<ProviderHost> {
  const { config, logger, storage } = services;
  const renderer = rendererFor();
  const adapter = createAdapterFactory({ store: storage.store, clients: services.clientRepository });
  const host = await createProviderHost({
    keys: services.keys,
    logger,
    build: (jwks) => createProvider({
      config, jwks, adapter, logger,
      findAccount: createFindAccount(services.accounts),
      pages: createProviderPages(renderer),
      middleware: commonMiddleware({ issuer: config.http.issuer, logger }),
    }),
  });
  host.watch(config.signingKeys.reloadIntervalSeconds);
  return host;
}

function buildRequestHandler(services: Services, providerHost: ProviderHost) {
  const { config, logger, storage } = services;
  const renderer = rendererFor();
  const provider = () => providerHost.current();
  const forms = [parseForm(), csrfProtection({ issuer: config.http.issuer })];
  const login = createLoginHandler({
    provider, renderer, logger,
    password: services.password,
    accounts: services.accountRepository,
    signInState: createSignInStateStore(storage.store),
  });
  const consent = createConsentHandler({ provider, renderer, accounts: services.accountRepository });
  return createRequestHandler({
    issuer: config.http.issuer,
    trustProxy: config.http.trustProxy,
    cookieKeys: config.secrets.cookieKeys,
    logger,
    staticDir: join(projectRoot, 'interactions', 'static'),
    respondWithError: createErrorResponder(renderer),
    provider,
    routers: [
      healthRoutes({
        database: async () => {
          await storage.database.sql.query('SELECT 1');
        },
        store: () => storage.store.ping(),
      }),
      interactionRoutes({ provider, login, consent }, forms),
      loginRoutes(login, forms),
      consentRoutes(consent, forms),
    ],
  });
}

let renderer: ReturnType<typeof createRenderer> | undefined;
function rendererFor() {
  renderer ??= createRenderer({ templatesDir: join(projectRoot, 'interactions', 'templates'), productName: PRODUCT_NAME });
  return renderer;
}

/** A CLI command sent by `npm run cli` to this server (embedded default). */
async function runInServer(services: Services, providerHost: ProviderHost, argv: string[]): Promise<CliResult> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const exitCode = await runCli(argv, cliContext(services, async () => {
    await providerHost.refresh();
  }), { out: (line) => stdout.push(line), err: (line) => stderr.push(line) });
  return { exitCode, stdout: joinLines(stdout), stderr: joinLines(stderr) };
}

export function cliContext(services: Services, keysChanged: () => Promise<void>) {
  return {
    accounts: services.accounts,
    clients: services.clients,
    keys: services.keys,
    migrations: services.storage.migrations,
    keysChanged,
  };
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

function listen(server: HttpServer, host: string, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
}

async function closeHttpServer(server: HttpServer): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  // Requests in flight get a moment to finish; then every connection goes.
  const timer = setTimeout(() => server.closeAllConnections(), 2000);
  await closed;
  clearTimeout(timer);
}

function closeNetServer(server: NetServer): Promise<void> {
  return new Promise((resolve) => server.close(() => resolve()));
}
