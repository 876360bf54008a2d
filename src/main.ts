// The composition root: the only place that knows every part and wires them together.
import { createServer as createHttpServer } from 'node:http';
import { join } from 'node:path';

import type { AccountRepository } from './accounts/account-repository.js';
import { createAccountService, type AccountService } from './accounts/account-service.js';
import { createAccountTokens } from './accounts/account-tokens.js';
import { createAuditLog, type AuditLog } from './audit/audit-log.js';
import { createAuditScope } from './audit/audit-scope.js';
import { createInvitations, type Invitations } from './accounts/invitations.js';
import { createPasswordHasher, type PasswordHasher } from './accounts/password-hasher.js';
import { createPasswordPolicy } from './accounts/password-policy.js';
import { createPasswordReset, type PasswordReset } from './accounts/password-reset.js';
import type { SessionRevoker } from './accounts/session-revoker.js';
import { createTrustedDevices, type TrustedDevices } from './accounts/trusted-devices.js';
import { controlSocketPath, startControlServer, type CliResult } from './cli/control-socket.js';
import type { CliContext } from './cli/cli-context.js';
import { runCli } from './cli/run-cli.js';
import { createClientRegistry, type ClientRegistry } from './clients/client-registry.js';
import type { ClientRepository } from './clients/client-repository.js';
import { usesEmbeddedDatabase, type Config } from './config/config.js';
import { epochSeconds, systemClock, type Clock } from './core/clock.js';
import type { Logger } from './core/logger.js';
import { projectRoot } from './core/project-root.js';
import { createSecretBox } from './core/secret-box.js';
import { createActivationHandler } from './flows/activation/handler.js';
import { activationRoutes } from './flows/activation/routes.js';
import { createConsentHandler } from './flows/consent/handler.js';
import { consentRoutes } from './flows/consent/routes.js';
import { helpRoutes } from './flows/help/routes.js';
import { interactionRoutes } from './flows/interaction/routes.js';
import { createSignInStateStore } from './flows/interaction/sign-in-state.js';
import { createLoginHandler } from './flows/login/handler.js';
import { loginRoutes } from './flows/login/routes.js';
import { createMfaHandler } from './flows/mfa/handler.js';
import { mfaRoutes } from './flows/mfa/routes.js';
import { createRecoveryHandler } from './flows/recovery/handler.js';
import { recoveryRoutes } from './flows/recovery/routes.js';
import { createVerificationHandler } from './flows/verification/handler.js';
import { verificationRoutes } from './flows/verification/routes.js';
import { commonMiddleware, createRequestHandler } from './http/create-app.js';
import { healthRoutes } from './http/health-routes.js';
import { csrfProtection } from './http/middleware/csrf.js';
import { parseForm } from './http/middleware/parse-form.js';
import { closeHttpServer, closeNetServer, listen } from './http/server-lifecycle.js';
import { createErrorResponder, createProviderPages } from './http/pages.js';
import { createRenderer, type Renderer } from './http/render/renderer.js';
import { createKeyRing, type KeyRing } from './keys/key-ring.js';
import { createMailRenderer } from './mail/mail-renderer.js';
import { createMailer, type Mailer } from './mail/mailer.js';
import { createOutboxTransport } from './mail/outbox-transport.js';
import { createSmtpTransport } from './mail/smtp-transport.js';
import { createLoginVerification, type LoginVerification } from './methods/email-verification/login-verification.js';
import { createPasswordMethod, type PasswordMethod } from './methods/password/password-method.js';
import { createTwoStep, type TwoStep } from './mfa/two-step.js';
import { linkEnterpriseAccount } from './federation/enterprise/link-enterprise-account.js';
import type { ExternalIdentityRepository } from './federation/external-identity-repository.js';
import { createSsoFlows } from './federation/sso-flows.js';
import { createUpstreamOidc } from './federation/upstream-oidc.js';
import { createOrganizations, type Organizations } from './organizations/organizations.js';
import { createSignInPolicies, type SignInPolicies } from './organizations/sign-in-policy.js';
import type { OrganizationRepository } from './organizations/organization-repository.js';
import { createSsoHandler } from './flows/sso/handler.js';
import { ssoRoutes } from './flows/sso/routes.js';
import { createSocialHandler } from './flows/social/handler.js';
import { socialRoutes } from './flows/social/routes.js';
import { createSocialRegistry } from './federation/social/registry.js';
import { createConnectionsHandler } from './settings/connections-handler.js';
import { createProvider } from './provider/create-provider.js';
import { createFindAccount } from './provider/find-account.js';
import { createProviderHost, type ProviderHost } from './provider/provider-host.js';
import { createSettingsHandler } from './settings/handler.js';
import { settingsRoutes } from './settings/routes.js';
import { createTwoStepSettingsHandler } from './settings/two-step-handler.js';
import type { DatabaseLocation } from './storage/database/open-database.js';
import { createSessionRevoker } from './storage/oidc/account-sessions.js';
import { createAdapterFactory } from './storage/oidc/create-adapter-factory.js';
import { openStorage, type Storage } from './storage/open-storage.js';
import { withClientCache } from './storage/repositories/cached-client-repository.js';
import { createPrismaAccountRepository } from './storage/repositories/prisma-account-repository.js';
import { createPrismaAccountTokenRepository } from './storage/repositories/prisma-account-token-repository.js';
import { createPrismaAuditRepository } from './storage/repositories/prisma-audit-repository.js';
import { createPrismaClientRepository } from './storage/repositories/prisma-client-repository.js';
import { createPrismaMfaRepository } from './storage/repositories/prisma-mfa-repository.js';
import { createPrismaExternalIdentityRepository } from './storage/repositories/prisma-external-identity-repository.js';
import { createPrismaOrganizationRepository } from './storage/repositories/prisma-organization-repository.js';
import { createPrismaSigningKeyRepository } from './storage/repositories/prisma-signing-key-repository.js';
import { createPrismaTrustedDeviceRepository } from './storage/repositories/prisma-trusted-device-repository.js';
import { createAttemptThrottle, type AttemptThrottle, type ThrottlePolicy } from './throttling/attempt-throttle.js';
import { LINK_POLICY, PASSWORD_RESET_REQUEST_POLICY, SIGN_IN_POLICY, VERIFICATION_CODE_POLICY } from './throttling/policies.js';

export const PRODUCT_NAME = 'GoToAssist';

export interface Services {
  readonly config: Config;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly storage: Storage;
  readonly hasher: PasswordHasher;
  readonly accountRepository: AccountRepository;
  readonly accounts: AccountService;
  readonly invitations: Invitations;
  readonly passwordReset: PasswordReset;
  readonly devices: TrustedDevices;
  readonly sessions: SessionRevoker;
  readonly clientRepository: ClientRepository;
  readonly clients: ClientRegistry;
  readonly keys: KeyRing;
  readonly password: PasswordMethod;
  readonly verification: LoginVerification;
  readonly twoStep: TwoStep;
  readonly organizationRepository: OrganizationRepository;
  readonly organizations: Organizations;
  readonly signInPolicies: SignInPolicies;
  readonly identities: ExternalIdentityRepository;
  readonly audit: AuditLog;
  readonly mailer: Mailer;
  readonly throttles: Readonly<Record<'signIn' | 'verificationCode' | 'resetRequest' | 'links', AttemptThrottle>>;
  readonly links: { readonly forgot: string; reset(token: string): string; activation(token: string): string; verify(token: string): string };
}

export interface OpenOptions {
  /** Overrides where the database is (tests use an in-memory PGlite). */
  readonly database?: DatabaseLocation | undefined;
  /** Tests move time to check expiries. */
  readonly clock?: Clock | undefined;
  /** Tests replace throttling policies (e.g. without delays, to reach a block quickly). */
  readonly throttlePolicies?: Partial<Record<keyof Services['throttles'], ThrottlePolicy>> | undefined;
}

/** Storage and the logic on top of it, without HTTP: what the server and the CLI share. */
export async function openServices(config: Config, logger: Logger, role: string, options: OpenOptions = {}): Promise<Services> {
  const storage = await openStorage(config, { role, database: options.database });
  const { prisma } = storage.database;
  const clock = options.clock ?? systemClock;
  const issuer = config.http.issuer;
  const links = {
    forgot: `${issuer}/password/forgot`,
    reset: (token: string) => `${issuer}/password/reset?token=${token}`,
    activation: (token: string) => `${issuer}/activate?token=${token}`,
    verify: (token: string) => `${issuer}/login/verify?token=${token}`,
  };
  const secretBox = createSecretBox(config.secrets.dataEncryptionKeys);
  const hasher = createPasswordHasher();
  const mailer = createMailer({
    transport: config.mail.smtpUrl ? createSmtpTransport(config.mail.smtpUrl) : createOutboxTransport(join(config.storage.dataDir, 'outbox'), logger),
    renderer: createMailRenderer({ templatesDir: join(projectRoot, 'src', 'mail', 'templates'), productName: PRODUCT_NAME }),
    from: config.mail.from,
    logger,
  });
  const accountRepository = createPrismaAccountRepository(prisma);
  const accounts = createAccountService({ repository: accountRepository, hasher, passwordPolicy: createPasswordPolicy({ productName: PRODUCT_NAME }) });
  const tokens = createAccountTokens({ repository: createPrismaAccountTokenRepository(prisma), clock });
  const invitations = createInvitations({ accounts, repository: accountRepository, tokens, mailer, activationUrl: links.activation });
  const devices = createTrustedDevices({ repository: createPrismaTrustedDeviceRepository(prisma), clock });
  const sessions = createSessionRevoker(storage.store);
  const organizationRepository = createPrismaOrganizationRepository(prisma, secretBox);
  const organizations = createOrganizations({ repository: organizationRepository, accounts: accountRepository, now: () => clock.now() });
  const companySignInOnly = async (accountId: string) => {
    const membership = await organizations.membershipOf(accountId);
    return membership?.organization.ssoOnly ? membership.organization.name : undefined;
  };
  const audit = createAuditLog({
    repository: createPrismaAuditRepository(prisma), clock, logger,
    scope: createAuditScope({ accounts: accountRepository, organizations: organizationRepository }),
  });
  const clientRepository = withClientCache(createPrismaClientRepository(prisma, secretBox), storage.changes);
  const throttle = (name: keyof Services['throttles'], policy: ThrottlePolicy) =>
    createAttemptThrottle(storage.limiters, name, options.throttlePolicies?.[name] ?? policy);
  return {
    config, logger, clock, storage, hasher, accountRepository, accounts, invitations, devices, sessions, clientRepository, mailer, links,
    organizationRepository, organizations,
    signInPolicies: createSignInPolicies({ organizations, store: storage.store, loginVerification: config.loginVerification }),
    identities: createPrismaExternalIdentityRepository(prisma), audit,
    passwordReset: createPasswordReset({
      accounts, repository: accountRepository, tokens, invitations, sessions, devices, mailer, resetUrl: links.reset, forgotUrl: links.forgot,
      companySignInOnly,
      onError: (error) => logger.error({ err: error }, 'could not handle a password reset request'),
    }),
    clients: createClientRegistry({ repository: clientRepository }),
    keys: createKeyRing({ repository: createPrismaSigningKeyRepository(prisma, secretBox) }),
    password: createPasswordMethod({ accounts: accountRepository, hasher }),
    verification: createLoginVerification({ store: storage.store, mailer, clock, verifyUrl: links.verify }),
    twoStep: createTwoStep({
      repository: createPrismaMfaRepository(prisma, secretBox), store: storage.store, secrets: secretBox, clock, issuerName: PRODUCT_NAME,
    }),
    throttles: {
      signIn: throttle('signIn', SIGN_IN_POLICY),
      verificationCode: throttle('verificationCode', VERIFICATION_CODE_POLICY),
      resetRequest: throttle('resetRequest', PASSWORD_RESET_REQUEST_POLICY),
      links: throttle('links', LINK_POLICY),
    },
  };
}

export async function closeServices(services: Services): Promise<void> {
  services.mailer.close();
  await services.storage.close();
}

export interface RunningServer {
  readonly url: string;
  readonly services: Services;
  readonly providerHost: ProviderHost;
  close(): Promise<void>;
}

export async function startServer(config: Config, logger: Logger, options: OpenOptions = {}): Promise<RunningServer> {
  const services = await openServices(config, logger, 'server', options);
  const closers: (() => Promise<void> | void)[] = [() => closeServices(services)];
  try {
    const created = await services.keys.ensureKeys();
    if (created.length > 0) {
      logger.info({ kids: created.map((key) => key.kid) }, 'signing keys created');
    }
    await services.clients.syncFirstParty([config.clients.gotoassist, config.clients.adminCenter]);
    await services.clients.syncAccountConsole(config.http.issuer);

    const renderer = createRenderer({ templatesDir: join(projectRoot, 'interactions', 'templates'), productName: PRODUCT_NAME });
    const providerHost = await buildProviderHost(services, renderer);
    closers.unshift(() => providerHost.stop());
    const httpServer = createHttpServer(buildRequestHandler(services, providerHost, renderer));
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

async function buildProviderHost(services: Services, renderer: Renderer): Promise<ProviderHost> {
  const { config, logger, storage } = services;
  const adapter = createAdapterFactory({ store: storage.store, clients: services.clientRepository });
  const host = await createProviderHost({
    keys: services.keys,
    logger,
    build: (jwks) => createProvider({
      config, jwks, adapter, logger,
      findAccount: createFindAccount(services.accounts),
      pages: createProviderPages(renderer),
      interactionPolicy: { policies: services.signInPolicies, now: () => epochSeconds(services.clock) },
      middleware: commonMiddleware({ issuer: config.http.issuer, logger }),
    }),
  });
  host.watch(config.signingKeys.reloadIntervalSeconds);
  return host;
}

function buildRequestHandler(services: Services, providerHost: ProviderHost, renderer: Renderer) {
  const { config, logger, storage, clock, mailer, devices, throttles, links } = services;
  const provider = () => providerHost.current();
  const forms = [parseForm(), csrfProtection({ issuer: config.http.issuer })];
  const signInState = createSignInStateStore(storage.store);
  const { audit } = services;
  const completion = {
    accounts: services.accountRepository, devices, signInState, clock, logger, audit,
    markMfaWaived: (accountId: string, loginTs: number) => services.signInPolicies.markMfaWaived(accountId, loginTs, config.ttl.keepSignedIn),
  };
  const upstream = createUpstreamOidc({ timeoutSeconds: config.federationTimeout, logger });
  const registry = createSocialRegistry(config.social, config.http.issuer, upstream);
  const flows = createSsoFlows(storage.store);
  const login = createLoginHandler({
    ...completion, provider, renderer, mailer, password: services.password, verification: services.verification,
    throttle: throttles.signIn, policies: services.signInPolicies, forgotUrl: links.forgot, twoStep: services.twoStep,
    organizations: services.organizations, social: [...registry.values()].map(({ name, label }) => ({ name, label })),
  });
  const sso = createSsoHandler({
    ...completion, provider, renderer, issuer: config.http.issuer, organizations: services.organizations, twoStep: services.twoStep,
    upstream, flows,
    link: (organization, connection, identity) => linkEnterpriseAccount({
      identities: services.identities, accountRepository: services.accountRepository, accounts: services.accounts,
      organizations: services.organizationRepository, clock,
    }, organization, connection, identity),
  });
  const mfa = createMfaHandler({
    ...completion, provider, renderer, twoStep: services.twoStep, throttle: throttles.signIn, policies: services.signInPolicies,
  });
  const consent = createConsentHandler({ provider, renderer, accounts: services.accountRepository });
  const verification = createVerificationHandler({
    ...completion, provider, renderer, verification: services.verification, throttle: throttles.verificationCode, linkThrottle: throttles.links,
  });
  const recovery = createRecoveryHandler({
    passwordReset: services.passwordReset,
    companySignInDomain: async (email) => {
      const route = await services.organizations.forEmail(email);
      return route?.organization.ssoOnly ? route.organization.name : undefined;
    }, store: storage.store, requestThrottle: throttles.resetRequest, linkThrottle: throttles.links, clock, renderer, audit,
  });
  const activation = createActivationHandler({
    provider, invitations: services.invitations, linkThrottle: throttles.links, sessionTtl: config.ttl.session, clock, renderer, audit,
  });
  const social = createSocialHandler({
    provider, issuer: config.http.issuer, registry, flows, identities: services.identities, accounts: services.accountRepository,
    organizations: services.organizations, signInState, store: storage.store, renderer, logger, audit,
  });
  const connections = createConnectionsHandler({
    provider, issuer: config.http.issuer, repository: services.accountRepository, identities: services.identities, registry, social,
    organizations: services.organizations, clock, audit,
  });
  const settings = createSettingsHandler({
    provider, issuer: config.http.issuer, accounts: services.accounts, repository: services.accountRepository, hasher: services.hasher,
    devices, sessions: services.sessions, throttle: throttles.signIn, mailer, forgotUrl: links.forgot, renderer,
    twoStep: services.twoStep, connections: (accountId) => connections.list(accountId), audit,
  });
  const twoStepSettings = createTwoStepSettingsHandler({
    provider, issuer: config.http.issuer, repository: services.accountRepository, hasher: services.hasher, twoStep: services.twoStep,
    throttle: throttles.signIn, clock, renderer, audit,
  });
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
      interactionRoutes({ provider, login, consent, mfa }, forms),
      loginRoutes(login, forms),
      mfaRoutes(mfa, forms),
      ssoRoutes(sso, forms),
      socialRoutes(social, forms),
      verificationRoutes(verification, forms),
      consentRoutes(consent, forms),
      recoveryRoutes(recovery, forms),
      activationRoutes(activation, forms),
      settingsRoutes(settings, twoStepSettings, connections, forms),
      helpRoutes(renderer),
    ],
  });
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
    issuer: services.config.http.issuer,
    migrations: services.storage.migrations,
    keysChanged,
  };
}

function joinLines(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
}
