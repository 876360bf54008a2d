// The composition root (with wiring/): the only place that knows every part and wires them together. Here: the server's start and stop.
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { join } from 'node:path';

import { controlSocketPath, startControlServer, type CliResult } from './cli/control-socket.js';
import type { CliContext } from './cli/cli-context.js';
import { runCli } from './cli/run-cli.js';
import { usesEmbeddedDatabase, type Config } from './config/config.js';
import { DEMO_CLIENT_ID } from './config/load-config.js';
import { epochSeconds } from './core/clock.js';
import type { Logger } from './core/logger.js';
import { projectRoot } from './core/project-root.js';
import { commonMiddleware } from './http/create-app.js';
import { closeHttpServer, closeNetServer, listen } from './http/server-lifecycle.js';
import { recordSessionDevices } from './provider/session-devices.js';
import { deviceCodeThrottle } from './flows/device/device-throttle.js';
import { createBackchannelLogout, type BackchannelLogout } from './provider/backchannel-logout.js';
import { createProviderPages } from './http/pages.js';
import { createReadiness, type Readiness } from './http/readiness.js';
import { themeStylesheets } from './http/middleware/static-assets.js';
import { createRenderer, type Renderer } from './http/render/renderer.js';
import { createManagementServer } from './management/management-server.js';
import { createProvider } from './provider/create-provider.js';
import { createFindAccount } from './provider/find-account.js';
import { createProviderHost, type ProviderHost } from './provider/provider-host.js';
import { createAdapterFactory } from './storage/oidc/create-adapter-factory.js';
import { buildRequestHandler } from './wiring/request-handler.js';
import { closeServices, openServices, PRODUCT_NAME, type OpenOptions, type Services } from './wiring/services.js';

export { closeServices, openServices, PRODUCT_NAME, type OpenOptions, type Services } from './wiring/services.js';

export interface RunningServer {
  readonly url: string;
  /** Where /metrics, /healthz and /readyz are. */
  readonly managementUrl: string;
  readonly services: Services;
  readonly providerHost: ProviderHost;
  readonly readiness: Readiness;
  /** Stops at once: tests, and a failed start. */
  close(): Promise<void>;
  /**
   * SIGTERM: not ready for the grace period while still serving, then no new connections, each
   * keep-alive connection closed once its request is answered, and the rest after the timeout.
   */
  shutdown(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger, options: OpenOptions = {}): Promise<RunningServer> {
  const services = await openServices(config, logger, 'server', options);
  const closers: (() => Promise<void> | void)[] = [() => closeServices(services)];
  try {
    const created = await services.keys.ensureKeys();
    if (created.length > 0) {
      logger.info({ kids: created.map((key) => key.kid) }, 'signing keys created');
    }
    await services.clients.syncFirstParty([config.clients.gotoassist, config.clients.adminCenter, ...(config.clients.demo ? [config.clients.demo] : [])]);
    if (!config.clients.demo) {
      // Switched off since an earlier start: its client goes too.
      await services.clientRepository.delete(DEMO_CLIENT_ID);
    }
    await services.clients.syncAccountConsole(config.http.issuer);

    const renderer = createRenderer({
      templatesDir: join(projectRoot, 'interactions', 'templates'), productName: PRODUCT_NAME, stylesheets: themeStylesheets(config.theme),
    });
    // The provider the notifier uses is the host's current one (rebuilt when the signing keys change).
    let providerHost: ProviderHost | undefined;
    const backchannel = createBackchannelLogout({ provider: () => providerHost!.current(), audit: services.audit, logger });
    services.sessionEndings.listen((accountId, ended) => void backchannel.notify(accountId, ended));
    providerHost = await buildProviderHost(services, renderer, backchannel);
    closers.unshift(() => providerHost.stop());
    // After the HTTP servers (no new sign-outs), before the stores: retries still waiting go out now.
    let timeoutMs = 2000;
    closers.unshift(() => backchannel.flush(timeoutMs));
    const readiness = createReadiness({
      database: async () => {
        await services.storage.database.sql.query('SELECT 1');
      },
      store: () => services.storage.store.ping(),
    });
    const handler = buildRequestHandler(services, providerHost, renderer, readiness);
    const httpServer = createHttpServer((req, res) => {
      if (readiness.draining) {
        // Shutting down: this connection ends with this response, so clients move to another instance.
        res.setHeader('Connection', 'close');
      }
      handler(req, res);
    });
    // Idle keep-alive connections stay open longer than a load balancer's (60 s on the common ones) and a
    // client's reuse of them: with Node's 5 s, a request sent on a connection the server is just closing is
    // reset (a 502 behind a balancer). Stopping closes idle connections at once regardless.
    httpServer.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
    httpServer.headersTimeout = KEEP_ALIVE_TIMEOUT_MS + 1000;
    await listen(httpServer, config.http.host, config.http.port);
    closers.unshift(() => closeHttpServer(httpServer, timeoutMs));
    const management = createManagementServer({ metrics: services.metrics, readiness });
    await listen(management, config.management.host, config.management.port);
    closers.unshift(() => closeHttpServer(management, 500));

    closers.unshift(scheduleAuditPruning(services));
    const embeddedDir = usesEmbeddedDatabase(config) && options.database === undefined ? config.storage.dataDir : undefined;
    if (embeddedDir) {
      const control = await startControlServer(controlSocketPath(embeddedDir), (argv) => runInServer(services, providerHost, argv));
      closers.unshift(() => closeNetServer(control));
    }
    const url = listeningUrl(httpServer, config.http.host);
    const managementUrl = listeningUrl(management, config.management.host);
    logger.info({ issuer: config.http.issuer, url, management: managementUrl, database: services.storage.database.kind, store: services.storage.store.kind },
      'server started');
    const close = async () => {
      for (const closer of closers) {
        await closer();
      }
    };
    return {
      url, managementUrl, services, providerHost, readiness, close,
      async shutdown() {
        readiness.startDraining();
        logger.info({ graceSeconds: config.shutdown.graceSeconds }, 'draining: /readyz answers 503, requests are still served');
        await new Promise((resolve) => setTimeout(resolve, config.shutdown.graceSeconds * 1000));
        timeoutMs = config.shutdown.timeoutSeconds * 1000;
        await close();
      },
    };
  } catch (error) {
    for (const close of closers) {
      await Promise.resolve(close()).catch(() => undefined);
    }
    throw error;
  }
}

const KEEP_ALIVE_TIMEOUT_MS = 65_000;

function listeningUrl(server: HttpServer, host: string): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

async function buildProviderHost(services: Services, renderer: Renderer, backchannel: BackchannelLogout): Promise<ProviderHost> {
  const { config, logger, storage } = services;
  const adapter = createAdapterFactory({ store: storage.store, clients: services.clientRepository });
  const pages = createProviderPages(renderer);
  const issuerOrigin = new URL(config.http.issuer).origin;
  const host = await createProviderHost({
    keys: services.keys,
    logger,
    build: (jwks) => createProvider({
      config, jwks, adapter, logger,
      findAccount: createFindAccount({
        accounts: services.accounts, roles: async (account) => ((await services.isAdministrator(account)) ? ['admin'] : []),
      }),
      pages,
      interactionPolicy: { policies: services.signInPolicies, now: () => epochSeconds(services.clock) },
      middleware: [
        ...commonMiddleware({ issuer: config.http.issuer, logger, metrics: services.metrics, tracing: services.tracing }),
        recordSessionDevices(services.browserSessions), deviceCodeThrottle(services.throttles.deviceCode, pages.device),
      ],
      metrics: services.metrics,
      // Registered clients' URLs reach public addresses only; this server's own (the demo's back-channel
      // logout) is the operator's.
      fetch: (url, options) => (new URL(url).origin === issuerOrigin ? services.outbound.any : services.outbound.public)(url, options),
      backchannel,
    }),
  });
  host.watch(config.signingKeys.reloadIntervalSeconds);
  return host;
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

export function cliContext(services: Services, keysChanged: () => Promise<void>): Omit<CliContext, 'out'> {
  return {
    accounts: services.accounts,
    invitations: services.invitations,
    clients: services.clients,
    keys: services.keys,
    organizations: services.organizations,
    domains: services.admin.domains,
    scimTokens: services.scim.tokens,
    issuer: services.config.http.issuer,
    migrations: services.storage.migrations,
    keysChanged,
  };
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}

const DAY_MS = 24 * 3600 * 1000;

/** Audit events older than AUDIT_RETENTION_DAYS go, at start and daily (every instance may do it: it is idempotent). */
function scheduleAuditPruning(services: Services): () => void {
  const prune = () => {
    services.audit.prune(services.config.auditRetentionDays)
      .then((count) => count > 0 && services.logger.info({ count }, 'old audit events removed'))
      .catch((error: unknown) => services.logger.error({ err: error }, 'could not remove old audit events'));
  };
  prune();
  const timer = setInterval(prune, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
