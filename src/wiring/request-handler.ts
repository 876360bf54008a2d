// Part of the composition root: every HTTP route of the server, wired to its handlers.
import { join } from 'node:path';

import { projectRoot } from '../core/project-root.js';
import { createActivationHandler } from '../flows/activation/handler.js';
import { activationRoutes } from '../flows/activation/routes.js';
import { createConsentHandler } from '../flows/consent/handler.js';
import { consentRoutes } from '../flows/consent/routes.js';
import { brandingRoutes } from '../flows/branding/routes.js';
import { helpRoutes } from '../flows/help/routes.js';
import { languageRoutes } from '../flows/language/routes.js';
import { interactionRoutes } from '../flows/interaction/routes.js';
import { createPasskeyOfferHandler } from '../flows/passkey-offer/handler.js';
import { passkeyOfferRoutes } from '../flows/passkey-offer/routes.js';
import { resumeFinishedInteractions } from '../flows/interaction/interaction-context.js';
import { createSignInStateStore } from '../flows/interaction/sign-in-state.js';
import { createLoginHandler } from '../flows/login/handler.js';
import { loginRoutes } from '../flows/login/routes.js';
import { createMfaHandler } from '../flows/mfa/handler.js';
import { mfaRoutes } from '../flows/mfa/routes.js';
import { createRecoveryHandler } from '../flows/recovery/handler.js';
import { recoveryRoutes } from '../flows/recovery/routes.js';
import { createVerificationHandler } from '../flows/verification/handler.js';
import { verificationRoutes } from '../flows/verification/routes.js';
import { createRequestHandler } from '../http/create-app.js';
import { healthRoutes } from '../http/health-routes.js';
import type { Readiness } from '../http/readiness.js';
import { csrfProtection } from '../http/middleware/csrf.js';
import { parseForm } from '../http/middleware/parse-form.js';
import { createErrorResponder } from '../http/pages.js';
import type { Renderer } from '../http/render/renderer.js';
import { linkEnterpriseAccount } from '../federation/enterprise/link-enterprise-account.js';
import { createUpstreamOidc } from '../federation/upstream-oidc.js';
import { createSsoHandler } from '../flows/sso/handler.js';
import { ssoRoutes } from '../flows/sso/routes.js';
import { createSocialHandler } from '../flows/social/handler.js';
import { socialRoutes } from '../flows/social/routes.js';
import { createSocialRegistry } from '../federation/social/registry.js';
import { createConnectionsHandler } from '../settings/connections-handler.js';
import type { ProviderHost } from '../provider/provider-host.js';
import { ADMIN_API_PATH } from '../provider/resource-servers.js';
import { createSettingsHandler } from '../settings/handler.js';
import { settingsRoutes } from '../settings/routes.js';
import { createTwoStepSettingsHandler } from '../settings/two-step-handler.js';
import { createPasskeySettingsHandler } from '../settings/passkey-handler.js';
import { createFirstAdministrator } from '../accounts/first-administrator.js';
import { createHomeHandler } from '../home/handler.js';
import { homeRoutes } from '../home/routes.js';
import { adminRoutes } from './admin-routes.js';
import { SCIM_PATH } from '../scim/scim-routes.js';
import { scimServiceRoutes } from './scim-routes.js';
import { demoAppRoutes } from './demo-routes.js';
import type { Services } from './services.js';

export function buildRequestHandler(services: Services, providerHost: ProviderHost, renderer: Renderer, readiness: Readiness) {
  const { config, logger, storage, clock, mailer, devices, throttles, links } = services;
  const provider = () => providerHost.current();
  const forms = [parseForm(), csrfProtection({ issuer: config.http.issuer })];
  // The sign-in steps: a step sent again after it finished its interaction goes on where it would have.
  const steps = [resumeFinishedInteractions(), ...forms];
  const signInState = createSignInStateStore(storage.store);
  const { audit } = services;
  const completion = {
    accounts: services.accountRepository, devices, signInState, clock, logger, audit,
    markMfaWaived: (accountId: string, loginTs: number) => services.signInPolicies.markMfaWaived(accountId, loginTs, config.ttl.keepSignedIn),
    passkeyOfferDue: (accountId: string) => services.passkeys.offerDue(accountId),
  };
  const upstream = createUpstreamOidc({ timeoutSeconds: config.federationTimeout, outbound: services.outbound, logger });
  const registry = createSocialRegistry(config.social, config.http.issuer, upstream);
  const { flows } = services.federation;
  const login = createLoginHandler({
    ...completion, provider, renderer, mailer, password: services.password, verification: services.verification,
    throttle: throttles.signIn, policies: services.signInPolicies, forgotUrl: links.forgot, twoStep: services.twoStep,
    organizations: services.organizations, social: [...registry.values()].map(({ name, label }) => ({ name, label })),
    passkeys: services.passkeys,
    organizationOfClient: async (clientId) => {
      const organizationId = (await services.clientRepository.find(clientId))?.organizationId;
      return organizationId ? services.organizations.get(organizationId).catch(() => undefined) : undefined;
    },
  });
  const sso = createSsoHandler({
    ...completion, provider, renderer, issuer: config.http.issuer, organizations: services.organizations, twoStep: services.twoStep,
    upstream, flows, saml: services.federation.saml, metadata: services.federation.samlMetadata, clients: services.clientRepository,
    link: (organization, connection, identity) => linkEnterpriseAccount({
      identities: services.identities, accountRepository: services.accountRepository, accounts: services.accounts,
      organizations: services.organizationRepository, clock,
    }, organization, connection, identity),
  });
  const mfa = createMfaHandler({
    ...completion, provider, renderer, twoStep: services.twoStep, throttle: throttles.signIn, policies: services.signInPolicies,
  });
  const passkeyOffer = createPasskeyOfferHandler({ provider, accounts: services.accountRepository, passkeys: services.passkeys, renderer });
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
    devices, sessions: services.sessions, browserSessions: services.browserSessions, throttle: throttles.signIn, mailer, forgotUrl: links.forgot, renderer,
    twoStep: services.twoStep, passkeys: services.passkeys, connections: (accountId) => connections.list(accountId), audit,
    isAdministrator: services.isAdministrator,
  });
  const passkeySettings = createPasskeySettingsHandler({
    provider, issuer: config.http.issuer, repository: services.accountRepository, passkeys: services.passkeys, clock, renderer, mailer,
    forgotUrl: links.forgot, audit,
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
    metrics: services.metrics,
    tracing: services.tracing,
    staticDir: join(projectRoot, 'interactions', 'static'),
    theme: config.theme,
    respondWithError: createErrorResponder(renderer),
    ownErrorFormats: [ADMIN_API_PATH, SCIM_PATH],
    provider,
    routers: [
      healthRoutes(readiness),
      interactionRoutes({ provider, login, consent, mfa, passkeyOffer, sso }, steps),
      passkeyOfferRoutes(passkeyOffer, steps),
      loginRoutes(login, steps),
      mfaRoutes(mfa, steps),
      ssoRoutes(sso, steps, parseForm('640kb')),
      socialRoutes(social, steps),
      verificationRoutes(verification, steps),
      consentRoutes(consent, steps),
      recoveryRoutes(recovery, forms),
      activationRoutes(activation, forms),
      settingsRoutes(settings, twoStepSettings, passkeySettings, connections, forms),
      helpRoutes(renderer),
      languageRoutes(),
      brandingRoutes(services.organizations),
      ...adminRoutes(services, provider, forms),
      scimServiceRoutes(services),
      ...demoAppRoutes(services, forms),
      homeRoutes(createHomeHandler({
        issuer: config.http.issuer, demoEnabled: config.clients.demo !== undefined, audit, renderer, devices,
        firstAdministrator: createFirstAdministrator({ accounts: services.accounts, repository: services.accountRepository, store: storage.store }),
      }), forms),
    ],
  });
}

