// Registering OAuth clients (CLI now, Admin Center later) and keeping the first-party clients in step
// with the configuration.
import type { FirstPartyClientConfig } from '../config/config.js';
import type { ClientRepository } from './client-repository.js';
import { invalidClientInput } from './client-errors.js';
import { checkBackchannelLogoutUri, checkFrontchannelLogoutUri, checkInitiateLoginUri, checkRedirectUri } from './redirect-uri-rules.js';
import type { ClientMetadata, StoredClient } from './stored-client.js';

/** RFC 8628: a device without a browser (a TV, a command line) shows a code the user enters at ISSUER/device. */
export const DEVICE_CODE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';
/** RFC 8693: a user's access token exchanged for a narrower one (src/provider/token-exchange.ts). */
export const TOKEN_EXCHANGE_GRANT = 'urn:ietf:params:oauth:grant-type:token-exchange';
export const GRANT_TYPES = ['authorization_code', 'refresh_token', 'client_credentials', DEVICE_CODE_GRANT, TOKEN_EXCHANGE_GRANT] as const;
export type GrantType = (typeof GRANT_TYPES)[number];

export const CLIENT_SECRET_MIN_LENGTH = 32;

export interface NewClientInput {
  readonly clientId: string;
  readonly secret?: string | undefined;
  readonly redirectUris: readonly string[];
  readonly postLogoutRedirectUris?: readonly string[] | undefined;
  readonly grantTypes?: readonly string[] | undefined;
  readonly name?: string | undefined;
  readonly firstParty?: boolean | undefined;
  readonly organizationId?: string | undefined;
  /** May call the Admin API (for its organization, or for the administrator who signs in). */
  readonly adminApi?: boolean | undefined;
  /** Authorization requests only through the pushed authorization request endpoint (RFC 9126). */
  readonly requirePar?: boolean | undefined;
  /** Access tokens only bound to a DPoP key (RFC 9449). */
  readonly requireDpop?: boolean | undefined;
  /** Authorization requests only as a request object signed with its secret (RFC 9101, JAR). */
  readonly requireSignedRequestObject?: boolean | undefined;
  /** Told when a user signs out (OIDC Back-Channel Logout 1.0). */
  readonly backchannelLogoutUri?: string | undefined;
  /** Loaded in the browser that signs out (OIDC Front-Channel Logout 1.0); at a redirect URI's origin. */
  readonly frontchannelLogoutUri?: string | undefined;
  /**
   * Where a sign-in started elsewhere (a company portal's IdP-initiated SAML) sends the user, for the
   * application to start its own authorization (OpenID Connect Core 1.0, section 4): https.
   */
  readonly initiateLoginUri?: string | undefined;
}

export interface ClientRegistry {
  create(input: NewClientInput): Promise<StoredClient>;
  syncFirstParty(clients: readonly FirstPartyClientConfig[]): Promise<void>;
  /** The client My account (/account) signs in through: response_type none, back to /account/callback. */
  syncAccountConsole(issuer: string): Promise<void>;
}

export const ACCOUNT_CONSOLE_CLIENT_ID = 'account-console';

export function createClientRegistry(deps: { repository: ClientRepository }): ClientRegistry {
  return {
    async create(input) {
      const client = buildClient(input);
      await deps.repository.insert(client);
      return client;
    },
    async syncFirstParty(clients) {
      for (const config of clients) {
        await deps.repository.upsert(buildClient({
          clientId: config.clientId,
          secret: config.secret,
          name: config.name,
          redirectUris: config.redirectUris,
          postLogoutRedirectUris: config.postLogoutRedirectUris,
          grantTypes: ['authorization_code', 'refresh_token'],
          firstParty: true,
          backchannelLogoutUri: config.backchannelLogoutUri,
        }));
      }
    },
    async syncAccountConsole(issuer) {
      await deps.repository.upsert({
        clientId: ACCOUNT_CONSOLE_CLIENT_ID,
        secret: undefined,
        firstParty: true,
        metadata: {
          client_name: 'My account',
          grant_types: [],
          response_types: ['none'],
          redirect_uris: [`${issuer}/account/callback`],
          post_logout_redirect_uris: [],
          token_endpoint_auth_method: 'none',
        },
      });
    },
  };
}

export function buildClient(input: NewClientInput): StoredClient {
  if (!/^[A-Za-z0-9._~-]{3,64}$/.test(input.clientId)) {
    throw invalidClientInput('a client id has 3 to 64 characters: letters, digits and . _ ~ -');
  }
  if (input.secret !== undefined && input.secret.length < CLIENT_SECRET_MIN_LENGTH) {
    throw invalidClientInput(`a client secret has at least ${CLIENT_SECRET_MIN_LENGTH} characters (try: openssl rand -base64 32)`);
  }
  const grantTypes = checkGrantTypes(input.grantTypes ?? ['authorization_code', 'refresh_token'], input.secret !== undefined);
  const usesRedirects = grantTypes.includes('authorization_code');
  if (usesRedirects && input.redirectUris.length === 0) {
    throw invalidClientInput('a client with the authorization_code grant needs at least one redirect URI');
  }
  for (const uri of [...input.redirectUris, ...(input.postLogoutRedirectUris ?? [])]) {
    const problem = checkRedirectUri(uri);
    if (problem) {
      throw invalidClientInput(problem);
    }
  }
  const logoutProblem = input.backchannelLogoutUri === undefined ? undefined : checkBackchannelLogoutUri(input.backchannelLogoutUri);
  if (logoutProblem) {
    throw invalidClientInput(logoutProblem);
  }
  const frontchannelProblem = input.frontchannelLogoutUri === undefined ? undefined
    : usesRedirects ? checkFrontchannelLogoutUri(input.frontchannelLogoutUri, input.redirectUris)
      : 'a front-channel logout URI goes with the authorization_code grant (a browser signs in and out)';
  if (frontchannelProblem) {
    throw invalidClientInput(frontchannelProblem);
  }
  const initiateProblem = input.initiateLoginUri === undefined ? undefined
    : usesRedirects ? checkInitiateLoginUri(input.initiateLoginUri)
      : 'an initiate_login_uri goes with the authorization_code grant (the application starts a sign-in there)';
  if (initiateProblem) {
    throw invalidClientInput(initiateProblem);
  }
  if (input.requirePar && !usesRedirects) {
    throw invalidClientInput('pushed authorization requests go with the authorization_code grant');
  }
  if (input.requireSignedRequestObject && (!usesRedirects || input.secret === undefined)) {
    throw invalidClientInput('signed request objects go with the authorization_code grant and a client secret to sign them with (HS256)');
  }
  const metadata: Record<string, unknown> = {
    client_name: input.name ?? input.clientId,
    grant_types: grantTypes,
    response_types: usesRedirects ? ['code'] : [],
    redirect_uris: usesRedirects ? [...input.redirectUris] : [],
    post_logout_redirect_uris: [...(input.postLogoutRedirectUris ?? [])],
    token_endpoint_auth_method: input.secret === undefined ? 'none' : 'client_secret_basic',
    ...(input.adminApi ? { admin_api: true } : {}),
    ...(input.requirePar ? { require_pushed_authorization_requests: true } : {}),
    ...(input.requireDpop ? { dpop_bound_access_tokens: true } : {}),
    ...(input.requireSignedRequestObject ? { require_signed_request_object: true } : {}),
    // The session id in the logout token, so that the application ends that session, not every one of the user's.
    ...(input.backchannelLogoutUri ? { backchannel_logout_uri: input.backchannelLogoutUri, backchannel_logout_session_required: true } : {}),
    ...(input.frontchannelLogoutUri ? { frontchannel_logout_uri: input.frontchannelLogoutUri, frontchannel_logout_session_required: true } : {}),
    ...(input.initiateLoginUri ? { initiate_login_uri: input.initiateLoginUri } : {}),
  };
  return {
    clientId: input.clientId,
    metadata: metadata satisfies ClientMetadata,
    secret: input.secret,
    firstParty: input.firstParty ?? false,
    organizationId: input.organizationId,
  };
}

function checkGrantTypes(requested: readonly string[], confidential: boolean): GrantType[] {
  const unique = [...new Set(requested)];
  const unknown = unique.filter((grant) => !(GRANT_TYPES as readonly string[]).includes(grant));
  if (unknown.length > 0 || unique.length === 0) {
    throw invalidClientInput(`grant types are ${GRANT_TYPES.join(', ')}; got ${unknown.join(', ') || 'none'}`);
  }
  for (const grant of ['client_credentials', TOKEN_EXCHANGE_GRANT]) {
    if (unique.includes(grant) && !confidential) {
      throw invalidClientInput(`the ${grant} grant needs a client secret`);
    }
  }
  if (unique.includes('refresh_token') && !unique.includes('authorization_code') && !unique.includes(DEVICE_CODE_GRANT)) {
    throw invalidClientInput(`the refresh_token grant goes with authorization_code or ${DEVICE_CODE_GRANT}`);
  }
  return unique as GrantType[];
}
