// This server as a relying party of another OpenID Connect provider (a company's, or Apple, LastPass):
// discovery (cached, refreshed), authorization code with PKCE, state and nonce, ID token validation by
// openid-client, and a timeout on every request.
import { webcrypto, type JsonWebKey } from 'node:crypto';

import * as oidc from 'openid-client';

import type { Logger } from '../core/logger.js';
import { isLoopbackHost } from '../clients/redirect-uri-rules.js';
import { outboundFailureIn } from '../outbound/outbound-error.js';
import type { Outbound, Reach } from '../outbound/outbound.js';
import { FederationError } from './federation-errors.js';

export type UpstreamClientAuth =
  | { readonly method: 'client_secret_basic' | 'client_secret_post'; readonly secret: string }
  | { readonly method: 'private_key_jwt'; readonly privateJwk: JsonWebKey; readonly kid: string };

export interface UpstreamProvider {
  /** Changes whenever the provider's settings do: the cache keeps one discovery per key. */
  readonly cacheKey: string;
  readonly issuer: string;
  readonly clientId: string;
  readonly auth: UpstreamClientAuth;
  readonly scopes: readonly string[];
  /** Whether the provider takes PKCE (most do; some, like LinkedIn, refuse the parameters). */
  readonly pkce?: boolean;
  /** Which addresses its URLs may reach: any for the operator's providers, public ones for a tenant's. */
  readonly reach: Reach;
}

export interface OutboundDeps {
  readonly timeoutSeconds: number;
  readonly outbound: Outbound;
}

export interface UpstreamChecks {
  readonly state: string;
  readonly nonce: string;
  readonly codeVerifier: string;
}

export interface UpstreamOidc {
  authorizationUrl(provider: UpstreamProvider, params: { redirectUri: string; checks: UpstreamChecks; loginHint?: string | undefined;
    extra?: Record<string, string> }): Promise<URL>;
  /**
   * Exchanges the callback's code; returns the ID token's claims, completed from userinfo when it has some.
   * A form_post answer comes as a POST Request.
   */
  callback(provider: UpstreamProvider, callback: URL | Request, checks: UpstreamChecks): Promise<Record<string, unknown>>;
}

const DISCOVERY_TTL_MS = 15 * 60 * 1000;

export function createUpstreamOidc(deps: OutboundDeps & { logger: Logger }): UpstreamOidc {
  const cache = new Map<string, { config: Promise<oidc.Configuration>; fetchedAt: number }>();

  const discover = async (provider: UpstreamProvider): Promise<oidc.Configuration> => {
    const cached = cache.get(provider.cacheKey);
    if (cached && Date.now() - cached.fetchedAt < DISCOVERY_TTL_MS) {
      return cached.config;
    }
    const fresh = discoverNow(provider, deps);
    cache.set(provider.cacheKey, { config: fresh, fetchedAt: Date.now() });
    try {
      return await fresh;
    } catch (error) {
      cache.delete(provider.cacheKey);
      if (cached) {
        // The provider's metadata rarely changes: an hour-old copy beats refusing every sign-in.
        deps.logger.warn({ err: error, issuer: provider.issuer }, 'discovery refresh failed; using the previous metadata');
        cache.set(provider.cacheKey, cached);
        return cached.config;
      }
      throw new FederationError('unreachable', `discovery of ${provider.issuer} failed`, { cause: error });
    }
  };

  return {
    async authorizationUrl(provider, params) {
      const config = await discover(provider);
      return oidc.buildAuthorizationUrl(config, {
        redirect_uri: params.redirectUri,
        scope: provider.scopes.join(' '),
        state: params.checks.state,
        nonce: params.checks.nonce,
        ...(provider.pkce === false ? {} : {
          code_challenge: await oidc.calculatePKCECodeChallenge(params.checks.codeVerifier),
          code_challenge_method: 'S256',
        }),
        ...(params.loginHint ? { login_hint: params.loginHint } : {}),
        ...params.extra,
      });
    },
    async callback(provider, callback, checks) {
      const config = await discover(provider);
      let tokens: Awaited<ReturnType<typeof oidc.authorizationCodeGrant>>;
      try {
        tokens = await oidc.authorizationCodeGrant(config, callback, {
          ...(provider.pkce === false ? {} : { pkceCodeVerifier: checks.codeVerifier }),
          expectedState: checks.state, expectedNonce: checks.nonce, idTokenExpected: true,
        });
      } catch (error) {
        throw classify(error);
      }
      const claims: Record<string, unknown> = { ...tokens.claims() };
      if (config.serverMetadata().userinfo_endpoint && typeof claims['sub'] === 'string') {
        try {
          Object.assign(claims, { ...(await oidc.fetchUserInfo(config, tokens.access_token, claims['sub'])), ...claims });
        } catch (error) {
          deps.logger.warn({ err: error, issuer: provider.issuer }, 'userinfo failed; going on with the ID token alone');
        }
      }
      // The provider's tokens are not kept: the claims are all this server needs.
      return claims;
    },
  };
}

export async function discoverNow(provider: UpstreamProvider, deps: OutboundDeps): Promise<oidc.Configuration> {
  const issuer = new URL(provider.issuer);
  const insecure = issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname);
  return oidc.discovery(issuer, provider.clientId, undefined, await clientAuth(provider.auth), {
    timeout: deps.timeoutSeconds,
    // Every request to this provider (discovery, token, userinfo, keys) goes through the guarded client.
    [oidc.customFetch]: deps.outbound[provider.reach],
    // ID token signatures are checked even though the token comes straight from the token endpoint
    // (OIDC Core 3.1.3.7 lets TLS stand in for them; we do not rely on that).
    execute: [oidc.enableNonRepudiationChecks, ...(insecure ? [oidc.allowInsecureRequests] : [])],
  });
}

async function clientAuth(auth: UpstreamClientAuth): Promise<oidc.ClientAuth> {
  switch (auth.method) {
    case 'client_secret_basic':
      return oidc.ClientSecretBasic(auth.secret);
    case 'client_secret_post':
      return oidc.ClientSecretPost(auth.secret);
    case 'private_key_jwt': {
      const key = await webcrypto.subtle.importKey('jwk', auth.privateJwk as webcrypto.JsonWebKey, { name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign']);
      return oidc.PrivateKeyJwt({ key, kid: auth.kid });
    }
  }
}

function classify(error: unknown): FederationError {
  if (error instanceof oidc.AuthorizationResponseError) {
    return new FederationError('denied', `the provider answered ${error.error}`, { cause: error, detail: error.error_description ?? error.error });
  }
  if (error instanceof oidc.ResponseBodyError) {
    return new FederationError('invalid_response', `the token endpoint answered ${error.error}`, { cause: error });
  }
  // openid-client wraps what failed (oauth4webapi's error, with its own code) as the cause.
  const outer = error as { name?: string; code?: string; message?: string; cause?: { name?: string; code?: string; message?: string } };
  const names = [outer.name, outer.cause?.name];
  if (outboundFailureIn(error) || outer.code === 'OAUTH_TIMEOUT' || error instanceof TypeError || names.some((name) => name === 'TimeoutError' || name === 'AbortError')) {
    return new FederationError('unreachable', 'the provider could not be reached, or did not answer in time', { cause: error });
  }
  const codes = `${outer.code ?? ''} ${outer.cause?.code ?? ''}`;
  if (/JWT|JWS|CLAIM|TIMESTAMP|NONCE/.test(codes) || /JWT|ID Token|signature/i.test(outer.cause?.message ?? '')) {
    return new FederationError('invalid_id_token', `the ID token did not check out (${outer.cause?.message ?? codes})`, { cause: error });
  }
  return new FederationError('invalid_response', 'the provider answered something this server cannot use', { cause: error });
}
