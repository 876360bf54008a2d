import { hkdfSync } from 'node:crypto';
import type { EventEmitter } from 'node:events';

import type { Middleware } from 'koa';

import Provider, { errors, type Adapter, type Configuration, type FindAccount } from 'oidc-provider';

import { checkBackchannelLogoutUri } from '../clients/redirect-uri-rules.js';
import type { Config } from '../config/config.js';
import type { Logger } from '../core/logger.js';
import { LANGUAGES } from '../i18n/languages.js';
import { RETRY_AFTER_SECONDS } from '../core/unavailable-error.js';
import type { PrivateJwks } from '../keys/key-ring.js';
import type { Metrics } from '../metrics/metrics.js';
import type { OutboundFetch } from '../outbound/outbound-fetch.js';
import { SUPPORTED_ACR_VALUES } from './acr.js';
import type { BackchannelLogout } from './backchannel-logout.js';
import { SCOPE_CLAIMS, SCOPES } from './claims.js';
import { loadExistingGrant } from './first-party-grant.js';
import {
  FRONTCHANNEL_CLIENT_METADATA, FRONTCHANNEL_DISCOVERY, frontchannelOnLogout, includeSidForFrontchannel, validateFrontchannelMetadata,
} from './frontchannel-logout.js';
import { createInteractionPolicy, type InteractionPolicyDeps } from './interaction-policy.js';
import { introspectionAllowed, revocationAllowed } from './token-policies.js';
import type { ProviderPages } from './provider-pages.js';
import { createResourceServers } from './resource-servers.js';
import { PROVIDER_ROUTES } from './routes.js';
import { actClaimOf, registerTokenExchange } from './token-exchange.js';
import { guardAdapters, guardFindAccount } from './unavailable.js';

export interface ProviderDeps {
  readonly config: Config;
  readonly jwks: PrivateJwks;
  readonly adapter: (model: string) => Adapter;
  readonly findAccount: FindAccount;
  readonly pages: ProviderPages;
  /** What organizations ask of sign-ins, for the login prompt's checks. */
  readonly interactionPolicy: InteractionPolicyDeps;
  readonly logger: Logger;
  /** Run before oidc-provider's own handling of each request (request log, security headers). */
  readonly middleware: readonly Middleware[];
  readonly metrics: Pick<Metrics, 'tokenIssued'>;
  /** How the provider fetches registered clients' jwks_uri and sector_identifier_uri: public addresses only. */
  readonly fetch: OutboundFetch;
  /** Records oidc-provider's own back-channel logouts (RP-initiated logout) and retries those that failed. */
  readonly backchannel?: Pick<BackchannelLogout, 'delivered' | 'retry'>;
}

const YEAR = 365 * 24 * 3600;

const OWN_CLIENT_METADATA = ['first_party', 'organization_id', 'admin_api', 'org_client_type'] as const;

export function createProvider(deps: ProviderDeps): Provider {
  const { config } = deps;
  const { ttl } = config;
  const cookie = { httpOnly: true, sameSite: 'lax' as const };

  const resourceServers = createResourceServers(config.http.issuer, ttl.accessToken);
  const configuration: Configuration = {
    adapter: guardAdapters(deps.adapter),
    jwks: deps.jwks as Configuration['jwks'],
    findAccount: guardFindAccount(deps.findAccount),
    fetch: (url, options) => deps.fetch(url, options),
    claims: SCOPE_CLAIMS as unknown as Configuration['claims'],
    scopes: SCOPES,
    acrValues: SUPPORTED_ACR_VALUES,
    // Scope claims in the ID token too (OIDC allows it); many relying parties read only the ID token.
    conformIdTokenClaims: false,
    // The act claim of an exchanged token (RFC 8693), in introspection.
    extraTokenClaims: (_ctx, token) => actClaimOf(token),
    // 'none' serves My account, which needs the session, not tokens.
    responseTypes: ['code', 'none'],
    routes: PROVIDER_ROUTES,
    clientDefaults: {
      grant_types: ['authorization_code'],
      response_types: ['code'],
      id_token_signed_response_alg: 'RS256',
      token_endpoint_auth_method: 'client_secret_basic',
    },
    extraClientMetadata: {
      properties: [...OWN_CLIENT_METADATA, ...FRONTCHANNEL_CLIENT_METADATA],
      validator(ctx, key, value, metadata) {
        // Only our own database says a client is first-party or an organization's; a registration request never can.
        if ((OWN_CLIENT_METADATA as readonly string[]).includes(key) && ctx !== undefined && value !== undefined) {
          throw new errors.InvalidClientMetadata(`${key} cannot be registered`);
        }
        validateFrontchannelMetadata(key, value, metadata as Record<string, unknown>);
        // Once per client: oidc-provider takes an http back-channel logout URI anywhere; like every other way
        // of registering one, http only on loopback.
        const backchannel = (metadata as { backchannel_logout_uri?: unknown }).backchannel_logout_uri;
        const problem = key === OWN_CLIENT_METADATA[0] && typeof backchannel === 'string' ? checkBackchannelLogoutUri(backchannel) : undefined;
        if (problem) {
          throw new errors.InvalidClientMetadata(problem);
        }
      },
    },
    // ui_locales_supported: the languages of our pages, which an application may ask for with ui_locales.
    discovery: { claim_types_supported: ['normal'], ui_locales_supported: [...LANGUAGES], ...FRONTCHANNEL_DISCOVERY },
    cookies: { keys: [...config.secrets.cookieKeys], long: cookie, short: cookie },
    features: {
      devInteractions: { enabled: false },
      resourceIndicators: { enabled: true, ...resourceServers },
      claimsParameter: { enabled: true },
      clientCredentials: { enabled: true },
      deviceFlow: {
        enabled: true,
        // 8 of 20 consonants (no vowels: no words), shown as XXXX-XXXX.
        charset: 'base-20',
        mask: '****-****',
        userCodeInputSource: (ctx, form, _out, error) => deps.pages.device.input(ctx, form, error),
        userCodeConfirmSource: (ctx, form, client, deviceInfo, userCode) => deps.pages.device.confirm(ctx, form, client, deviceInfo, userCode),
        successSource: (ctx) => deps.pages.device.success(ctx),
      },
      introspection: { enabled: true, allowedPolicy: introspectionAllowed },
      revocation: { enabled: true, allowedPolicy: revocationAllowed },
      userinfo: { enabled: true },
      backchannelLogout: { enabled: true },
      // On by default in oidc-provider 9; nonces (RFC 9449 section 8) from a secret every instance shares,
      // required of the clients that require DPoP (openid-client and other modern clients answer them).
      dPoP: {
        enabled: true,
        nonceSecret: Buffer.from(hkdfSync('sha256', config.secrets.cookieKeys[0]!, '', 'gotoassist dpop nonce', 32)),
        requireNonce: (ctx) => (ctx.oidc.client as { dpopBoundAccessTokens?: boolean } | undefined)?.dpopBoundAccessTokens === true,
      },
      pushedAuthorizationRequests: { enabled: true, requirePushedAuthorizationRequests: false },
      // JAR (RFC 9101): the request parameter, directly or pushed; signed (an unsigned one is refused), and
      // required of the clients registered to (require_signed_request_object).
      requestObjects: { enabled: true, requireSignedRequestObject: false },
      rpInitiatedLogout: {
        enabled: true,
        logoutSource: (ctx, form) => deps.pages.logout(ctx, form),
        postLogoutSuccessSource: (ctx) => deps.pages.loggedOut(ctx),
      },
      registration: {
        enabled: config.registration.enabled,
        ...(config.registration.initialAccessToken ? { initialAccessToken: config.registration.initialAccessToken } : {}),
        issueRegistrationAccessToken: false,
      },
    },
    pkce: { required: (_ctx, client) => client.clientAuthMethod === 'none' },
    rotateRefreshToken: (ctx) => (ctx.oidc.entities.RefreshToken?.totalLifetime() ?? 0) < YEAR,
    loadExistingGrant,
    clientBasedCORS: (_ctx, origin, client) => client.redirectUris?.some((uri) => URL.parse(uri)?.origin === origin) ?? false,
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}`, policy: createInteractionPolicy(deps.interactionPolicy) },
    renderError: (ctx, out) => deps.pages.error(ctx, out),
    ttl: {
      AccessToken: ttl.accessToken,
      AuthorizationCode: ttl.authorizationCode,
      ClientCredentials: ttl.accessToken,
      // The device flow's code: ten minutes to walk to a computer or phone and type it (RFC 8628 3.2).
      DeviceCode: 600,
      IdToken: ttl.idToken,
      Interaction: ttl.interaction,
      RefreshToken: ttl.refreshToken,
      // A grant outlives what is issued under it: rotating refresh tokens go on for a year in all (see
      // rotateRefreshToken); a grant without offline access lasts as long as the longest session.
      Grant: (_ctx, grant) => (grant.openid?.scope?.split(' ').includes('offline_access') ? YEAR : Math.max(ttl.refreshToken, ttl.keepSignedIn)),
      // 'Keep me signed in': the session slides over 30 days of inactivity; otherwise a browser session.
      Session: (_ctx, session) => (session.transient ? ttl.session : ttl.keepSignedIn),
    },
  };

  const provider = new Provider(config.http.issuer, configuration);
  registerTokenExchange(provider, {
    resourceServerInfo: resourceServers.getResourceServerInfo, accessTokenTtl: ttl.accessToken,
    findAccount: async (ctx, accountId) => configuration.findAccount!(ctx, accountId),
  });
  includeSidForFrontchannel(provider);
  provider.proxy = config.http.trustProxy;
  for (const middleware of deps.middleware) {
    provider.use(middleware);
  }
  provider.use(frontchannelOnLogout(provider, `${PROVIDER_ROUTES.end_session}/confirm`, deps.pages.signingOut));
  provider.use(async (ctx, next) => {
    await next();
    if (ctx.status === 503) {
      ctx.set('Retry-After', String(RETRY_AFTER_SECONDS));
    } else if (ctx.status === 200 && PUBLIC_DOCUMENTS.has(String(ctx.oidc?.route))) {
      // The same for everyone (their URLs are pinned to the issuer), so caches may keep them a while; after
      // keys:rotate, relying parties meet an unknown key id and fetch the JWKS again (RFC 7517 practice).
      ctx.set('Cache-Control', `public, max-age=${PUBLIC_DOCUMENT_MAX_AGE_SECONDS}`);
    }
  });
  logProviderEvents(provider, deps.logger);
  const { backchannel } = deps;
  if (backchannel) {
    const emitter = provider as unknown as EventEmitter;
    emitter.on('backchannel.success', (_ctx: unknown, client: { clientId: string }, accountId: string, sid: string) =>
      void backchannel.delivered(accountId, { clientId: client.clientId, sid }));
    emitter.on('backchannel.error', (_ctx: unknown, _error: unknown, client: { clientId: string }, accountId: string, sid: string) =>
      void backchannel.retry(accountId, { clientId: client.clientId, sid }));
  }
  provider.on('grant.success', (ctx) => deps.metrics.tokenIssued(String(ctx.oidc.params?.['grant_type'] ?? 'unknown')));
  return provider;
}

const PUBLIC_DOCUMENTS = new Set(['discovery', 'jwks']);
const PUBLIC_DOCUMENT_MAX_AGE_SECONDS = 300;

const OAUTH_ERROR_EVENTS = ['authorization.error', 'grant.error', 'introspection.error', 'revocation.error',
  'end_session.error', 'userinfo.error', 'registration_create.error', 'jwks.error', 'discovery.error'];

function logProviderEvents(provider: Provider, logger: Logger): void {
  provider.on('server_error', (_ctx, error: Error) => logger.error({ err: error }, 'provider error'));
  // The typings overload `on` per event name; these listeners share one shape.
  const emitter = provider as unknown as EventEmitter;
  for (const event of OAUTH_ERROR_EVENTS) {
    emitter.on(event, (_ctx: unknown, error: Error & { error?: string; error_description?: string }) => {
      logger.info({ event, error: error.error ?? error.name, description: error.error_description }, 'oauth error');
    });
  }
}
