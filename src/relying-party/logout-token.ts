// The receiving end of back-channel logout (OIDC Back-Channel Logout 1.0, section 2.6), as a relying party
// validates a logout token: signed by the provider (its JWKS), typ logout+jwt, iss the provider, aud this
// client, issued lately, a jti not seen before, the back-channel logout event, a sid or a sub, and no nonce.
import { createRemoteJWKSet, errors as joseErrors, jwtVerify } from 'jose';

import type { StateStore } from '../storage/state/state-store.js';

export const BACKCHANNEL_LOGOUT_EVENT = 'http://schemas.openid.net/event/backchannel-logout';
/** How old a logout token may be, and how long its jti is remembered against replay. */
export const LOGOUT_TOKEN_MAX_AGE_SECONDS = 300;

export interface LogoutRequest {
  readonly sub: string | undefined;
  readonly sid: string | undefined;
}

export class InvalidLogoutToken extends Error {}

export function createLogoutTokenVerifier(options: {
  readonly issuer: string;
  readonly clientId: string;
  readonly jwksUri: () => Promise<string>;
  readonly store: StateStore;
}) {
  let jwks: ReturnType<typeof createRemoteJWKSet> | undefined;
  return async (token: unknown): Promise<LogoutRequest> => {
    if (typeof token !== 'string' || token.length === 0 || token.length > 8192) {
      throw new InvalidLogoutToken('logout_token is missing');
    }
    jwks ??= createRemoteJWKSet(new URL(await options.jwksUri()));
    let payload;
    try {
      ({ payload } = await jwtVerify(token, jwks, {
        issuer: options.issuer, audience: options.clientId, typ: 'logout+jwt', maxTokenAge: LOGOUT_TOKEN_MAX_AGE_SECONDS,
        requiredClaims: ['iat', 'jti', 'events'],
      }));
    } catch (error) {
      if (error instanceof joseErrors.JOSEError) {
        throw new InvalidLogoutToken(`logout_token is not valid: ${error.message}`);
      }
      throw error;
    }
    const events = payload['events'];
    if (typeof events !== 'object' || events === null || typeof (events as Record<string, unknown>)[BACKCHANNEL_LOGOUT_EVENT] !== 'object') {
      throw new InvalidLogoutToken('logout_token has no back-channel logout event');
    }
    if ('nonce' in payload) {
      throw new InvalidLogoutToken('logout_token must not have a nonce');
    }
    const sub = typeof payload.sub === 'string' ? payload.sub : undefined;
    const sid = typeof payload['sid'] === 'string' ? payload['sid'] : undefined;
    if (sub === undefined && sid === undefined) {
      throw new InvalidLogoutToken('logout_token names neither a sid nor a sub');
    }
    if (!(await options.store.setIfAbsent(`rp:${options.clientId}:logout-jti:${payload.jti}`, '1', LOGOUT_TOKEN_MAX_AGE_SECONDS))) {
      throw new InvalidLogoutToken('logout_token was used before');
    }
    return { sub, sid };
  };
}
