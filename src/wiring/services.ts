// Part of the composition root: storage and the logic on top of it, without HTTP (the server and the CLI share it).
import { join } from 'node:path';

import type { Account } from '../accounts/account.js';
import type { AccountRepository } from '../accounts/account-repository.js';
import { createAccountService, type AccountService } from '../accounts/account-service.js';
import { createAccountTokens } from '../accounts/account-tokens.js';
import { createAuditLog, type AuditLog } from '../audit/audit-log.js';
import { createAuditScope } from '../audit/audit-scope.js';
import type { AdminServices } from '../admin/admin-services.js';
import { createAdminSessions, type AdminSessions } from '../admin/admin-session.js';
import { createAdminServices } from './admin-services.js';
import { createInvitations, type Invitations } from '../accounts/invitations.js';
import { createPasswordHasher, type PasswordHasher } from '../accounts/password-hasher.js';
import { createPasswordPolicy } from '../accounts/password-policy.js';
import { createPasswordReset, type PasswordReset } from '../accounts/password-reset.js';
import type { SessionRevoker } from '../accounts/session-revoker.js';
import { createTrustedDevices, type TrustedDevices } from '../accounts/trusted-devices.js';
import { createClientRegistry, type ClientRegistry } from '../clients/client-registry.js';
import type { ClientRepository } from '../clients/client-repository.js';
import type { Config } from '../config/config.js';
import { epochSeconds, systemClock, type Clock } from '../core/clock.js';
import type { Logger } from '../core/logger.js';
import { projectRoot } from '../core/project-root.js';
import { createSecretBox } from '../core/secret-box.js';
import { createKeyRing, type KeyRing } from '../keys/key-ring.js';
import { createMailRenderer } from '../mail/mail-renderer.js';
import { createMetrics, type Metrics } from '../metrics/metrics.js';
import { createMailer, type Mailer } from '../mail/mailer.js';
import { createOutboxTransport } from '../mail/outbox-transport.js';
import { createSmtpTransport } from '../mail/smtp-transport.js';
import { createLoginVerification, type LoginVerification } from '../methods/email-verification/login-verification.js';
import { createPasswordMethod, type PasswordMethod } from '../methods/password/password-method.js';
import { createTwoStep, type TwoStep } from '../mfa/two-step.js';
import type { ExternalIdentityRepository } from '../federation/external-identity-repository.js';
import { createOrganizations, type Organizations } from '../organizations/organizations.js';
import { createSignInPolicies, type SignInPolicies } from '../organizations/sign-in-policy.js';
import type { OrganizationRepository } from '../organizations/organization-repository.js';
import { createOutbound, type Outbound } from '../outbound/outbound.js';
import { createMetadataRefresh, type MetadataRefresh } from '../federation/saml/metadata-refresh.js';
import { createSamlBroker, type SamlBroker } from '../federation/saml/saml-broker.js';
import { createSsoFlows, type SsoFlows } from '../federation/sso-flows.js';
import type { DatabaseLocation } from '../storage/database/open-database.js';
import { createBrowserSessions, createSessionRevoker } from '../storage/oidc/account-sessions.js';
import { createSessionEndings, type SessionEndings } from '../accounts/session-endings.js';
import type { BrowserSessions } from '../accounts/browser-sessions.js';
import { openStorage, type Storage } from '../storage/open-storage.js';
import { withClientCache } from '../storage/repositories/cached-client-repository.js';
import { withOrganizationCache } from '../storage/repositories/cached-organization-repository.js';
import { createPrismaAccountRepository } from '../storage/repositories/prisma-account-repository.js';
import { createPrismaAccountTokenRepository } from '../storage/repositories/prisma-account-token-repository.js';
import { createPrismaAuditRepository } from '../storage/repositories/prisma-audit-repository.js';
import { createPrismaClientRepository } from '../storage/repositories/prisma-client-repository.js';
import { createPrismaMfaRepository } from '../storage/repositories/prisma-mfa-repository.js';
import { createPrismaExternalIdentityRepository } from '../storage/repositories/prisma-external-identity-repository.js';
import { createPrismaOrganizationRepository } from '../storage/repositories/prisma-organization-repository.js';
import { createPrismaSigningKeyRepository } from '../storage/repositories/prisma-signing-key-repository.js';
import { createPrismaTrustedDeviceRepository } from '../storage/repositories/prisma-trusted-device-repository.js';
import { createAttemptThrottle, type AttemptThrottle, type ThrottlePolicy } from '../throttling/attempt-throttle.js';
import { DEVICE_CODE_POLICY, LINK_POLICY, PASSWORD_RESET_REQUEST_POLICY, SIGN_IN_POLICY, VERIFICATION_CODE_POLICY } from '../throttling/policies.js';
import { storeSpans } from '../tracing/store-spans.js';
import { createPasskeys, type Passkeys } from '../methods/passkey/passkeys.js';
import { createPrismaPasskeyRepository } from '../storage/repositories/prisma-passkey-repository.js';
import { startTracing, type Tracing } from '../tracing/tracing.js';
import { allOf } from '../storage/state/store-observer.js';
import { createPrismaScimDirectory } from '../storage/repositories/prisma-scim-directory.js';
import { createScimGroups, type ScimGroups } from '../scim/scim-groups.js';
import { SCIM_PATH } from '../scim/scim-routes.js';
import { createScimTokens, type ScimTokens } from '../scim/scim-tokens.js';
import { createScimUsers, type ScimUsers } from '../scim/scim-users.js';


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
  readonly passkeys: Passkeys;
  readonly sessions: SessionRevoker;
  /** Sessions we end ourselves, for back-channel logout (main.ts tells the applications). */
  readonly sessionEndings: Pick<SessionEndings, 'listen'>;
  readonly browserSessions: BrowserSessions;
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
  readonly adminSessions: AdminSessions;
  /** Administers their organization, or this server: may use the Admin Center. */
  readonly isAdministrator: (account: Account) => Promise<boolean>;
  /** What organization administrators do, in the Admin Center and its API. */
  readonly admin: AdminServices;
  /** SCIM provisioning (ISSUER/scim/v2). */
  readonly scim: { readonly tokens: ScimTokens; readonly users: ScimUsers; readonly groups: ScimGroups; readonly baseUrl: string };
  readonly mailer: Mailer;
  readonly metrics: Metrics;
  /** The server's, when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  readonly tracing: Tracing | undefined;
  /** Outbound HTTP: `any` for the operator's URLs, `public` for tenants' and registered clients'. */
  readonly outbound: Outbound;
  /** Sign-ins at company providers in progress, and the SAML side of them. */
  readonly federation: { readonly flows: SsoFlows; readonly saml: SamlBroker; readonly samlMetadata: MetadataRefresh };
  readonly throttles: Readonly<Record<'signIn' | 'verificationCode' | 'resetRequest' | 'links' | 'deviceCode', AttemptThrottle>>;
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
  const metrics = createMetrics({ defaultMetrics: role === 'server' });
  const tracing = role === 'server' && config.tracing ? startTracing(config.tracing) : undefined;
  const observer = tracing ? allOf(metrics.observer, storeSpans(tracing)) : metrics.observer;
  const storage = await openStorage(config, { role, database: options.database, observer });
  if (storage.database.poolStats) {
    metrics.watchPool('postgresql', storage.database.poolStats);
  }
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
  const invitations = createInvitations({
    accounts, repository: accountRepository, tokens, mailer, activationUrl: links.activation,
    organizationOf: async (accountId) => {
      const membership = await organizationRepository.membership(accountId);
      return membership ? (await organizationRepository.findById(membership.organizationId))?.name : undefined;
    },
  });
  const devices = createTrustedDevices({ repository: createPrismaTrustedDeviceRepository(prisma), clock });
  const passkeys = createPasskeys({
    repository: createPrismaPasskeyRepository(prisma), store: storage.store, clock, relyingParty: { id: config.webauthn.rpId, origins: config.webauthn.origins, name: PRODUCT_NAME },
  });
  const adminSessions = createAdminSessions({ store: storage.store, now: () => epochSeconds(clock) });
  const sessionEndings = createSessionEndings();
  const providerSessions = createSessionRevoker(storage.store, sessionEndings);
  // Signing out everywhere ends the Admin Center's sessions of the account too.
  const sessions: SessionRevoker = {
    async signOutEverywhere(accountId) {
      await providerSessions.signOutEverywhere(accountId);
      await adminSessions.endAll(accountId);
    },
  };
  const organizationRepository = withOrganizationCache(createPrismaOrganizationRepository(prisma, secretBox), storage.changes);
  const clientRepository = withClientCache(createPrismaClientRepository(prisma, secretBox), storage.changes);
  const organizations = createOrganizations({ repository: organizationRepository, accounts: accountRepository, clients: clientRepository, now: () => clock.now() });
  const companySignInOnly = async (accountId: string) => {
    const membership = await organizations.membershipOf(accountId);
    return membership?.organization.ssoOnly ? membership.organization.name : undefined;
  };
  const audit = createAuditLog({
    repository: createPrismaAuditRepository(prisma), clock, logger,
    onRecord: (event) => {
      if (event.type === 'sign_in.succeeded' || event.type === 'sign_in.failed') {
        const method = event.details?.['method'];
        metrics.signIn(typeof method === 'string' ? method : 'unknown', event.type === 'sign_in.failed' ? 'failure' : 'success', event.reason);
      }
    },
    scope: createAuditScope({ accounts: accountRepository, organizations: organizationRepository }),
  });
  const twoStep = createTwoStep({
    repository: createPrismaMfaRepository(prisma, secretBox), store: storage.store, secrets: secretBox, clock, issuerName: PRODUCT_NAME,
  });
  const outbound = createOutbound({ ...config.outbound, timeoutSeconds: config.federationTimeout });
  const scimDirectory = createPrismaScimDirectory(prisma);
  const scimBaseUrl = `${config.http.issuer}${SCIM_PATH}`;
  const scimTokens = createScimTokens({ directory: scimDirectory, audit, clock });
  const federation = {
    flows: createSsoFlows(storage.store),
    saml: createSamlBroker({ issuer: config.http.issuer, store: storage.store, clockSkewSeconds: config.samlClockSkew, keys: config.samlKeys }),
    samlMetadata: createMetadataRefresh({ organizations, outbound, store: storage.store, logger }),
  };
  const admin = createAdminServices({
    config, logger, outbound, clock, audit, accountRepository, accounts, invitations, mailer, sessions, organizationRepository, organizations, clientRepository,
    twoStep, passkeys, scimTokens, scimDirectory,
  });
  const throttle = (name: keyof Services['throttles'], policy: ThrottlePolicy) =>
    createAttemptThrottle(storage.store, name, options.throttlePolicies?.[name] ?? policy, () => metrics.throttled(name));
  return {
    config, logger, clock, storage, metrics, tracing, outbound, federation, hasher, accountRepository, accounts, invitations, devices, passkeys, sessions, clientRepository, mailer, links,
    browserSessions: createBrowserSessions(storage.store, { session: config.ttl.session, keepSignedIn: config.ttl.keepSignedIn }, sessionEndings),
    sessionEndings,
    organizationRepository, organizations, admin, twoStep, adminSessions,
    scim: {
      tokens: scimTokens, baseUrl: scimBaseUrl,
      users: createScimUsers({
        directory: scimDirectory, accounts: accountRepository, organizations: organizationRepository, sessions, devices, audit, baseUrl: scimBaseUrl,
      }),
      groups: createScimGroups({ directory: scimDirectory, audit, baseUrl: scimBaseUrl }),
    },
    isAdministrator: async (account) => account.isAdmin || ((await organizationRepository.membership(account.id))?.isAdmin ?? false),
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
    throttles: {
      signIn: throttle('signIn', SIGN_IN_POLICY),
      verificationCode: throttle('verificationCode', VERIFICATION_CODE_POLICY),
      resetRequest: throttle('resetRequest', PASSWORD_RESET_REQUEST_POLICY),
      links: throttle('links', LINK_POLICY),
      deviceCode: throttle('deviceCode', DEVICE_CODE_POLICY),
    },
  };
}

export async function closeServices(services: Services): Promise<void> {
  services.mailer.close();
  await services.storage.close();
  services.metrics.close();
  await services.tracing?.shutdown();
}

