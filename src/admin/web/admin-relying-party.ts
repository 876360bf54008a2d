// The Admin Center as a relying party of this provider, over HTTP like any other: discovery, the
// authorization code flow with PKCE, state and nonce (openid-client), a step-up with acr_values, and
// RP-initiated logout.
import type { Context } from 'koa';
import * as oidc from 'openid-client';

import { isLoopbackHost } from '../../clients/redirect-uri-rules.js';
import { constantTimeEqual } from '../../core/random-token.js';
import { ACR } from '../../provider/acr.js';
import type { StateStore } from '../../storage/state/state-store.js';

export interface AdminSignIn {
  readonly claims: oidc.IDToken;
  readonly idToken: string;
  readonly returnTo: string;
  /** Whether this sign-in asked for two-step verification. */
  readonly steppedUp: boolean;
}

interface PendingSignIn {
  readonly verifier: string;
  readonly nonce: string;
  readonly returnTo: string;
  readonly stepUp: boolean;
}

const COOKIE = 'admin_login';
const PENDING_SECONDS = 600;
const RETURN_PATH = /^\/admin(\/[A-Za-z0-9/_.-]*)?$/;

export class AdminSignInError extends Error {}

export function createAdminRelyingParty(deps: { issuer: string; clientId: string; clientSecret: string | undefined; store: StateStore }) {
  const redirectUri = `${deps.issuer}/admin/callback`;
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= discover().catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };
  const discover = () => {
    const issuer = new URL(deps.issuer);
    return oidc.discovery(issuer, deps.clientId, undefined,
      deps.clientSecret ? oidc.ClientSecretBasic(deps.clientSecret) : oidc.None(),
      { execute: issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname) ? [oidc.allowInsecureRequests] : [], timeout: 10 });
  };
  const cookieOptions = (ctx: Context) => ({ signed: true, httpOnly: true, sameSite: 'lax' as const, secure: ctx.secure, path: '/admin' });

  return {
    /** Sends the browser to sign in; it comes back to /admin/callback, then to `returnTo`. */
    async start(ctx: Context, options: { returnTo?: string | undefined; stepUp?: boolean }): Promise<void> {
      const config = await configuration();
      const state = oidc.randomState();
      const pending: PendingSignIn = {
        verifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce(),
        returnTo: options.returnTo && RETURN_PATH.test(options.returnTo) ? options.returnTo : '/admin/users',
        stepUp: options.stepUp ?? false,
      };
      await deps.store.set(`admin:login:${state}`, JSON.stringify(pending), PENDING_SECONDS);
      ctx.cookies.set(COOKIE, state, { ...cookieOptions(ctx), maxAge: PENDING_SECONDS * 1000 });
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: 'openid email profile', state, nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier), code_challenge_method: 'S256',
        ...(pending.stepUp ? { acr_values: ACR.multiFactor } : {}),
      });
      ctx.status = 303;
      ctx.redirect(url.toString());
    },

    /** The callback: the browser that started, the code exchanged, the ID token checked. */
    async finish(ctx: Context): Promise<AdminSignIn> {
      const sent = ctx.cookies.get(COOKIE, { signed: true });
      ctx.cookies.set(COOKIE, null, cookieOptions(ctx));
      const state = typeof ctx.query['state'] === 'string' ? ctx.query['state'] : '';
      if (!sent || !state || !constantTimeEqual(sent, state)) {
        throw new AdminSignInError('This sign-in did not start in this browser.');
      }
      const key = `admin:login:${state}`;
      const stored = await deps.store.get(key);
      await deps.store.delete(key);
      if (!stored) {
        throw new AdminSignInError('This sign-in was completed already, or took too long.');
      }
      const pending = JSON.parse(stored) as PendingSignIn;
      try {
        const tokens = await oidc.authorizationCodeGrant(await configuration(), new URL(ctx.originalUrl, deps.issuer), {
          pkceCodeVerifier: pending.verifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true,
        });
        return { claims: tokens.claims()!, idToken: tokens.id_token!, returnTo: pending.returnTo, steppedUp: pending.stepUp };
      } catch (error) {
        const denied = error instanceof oidc.AuthorizationResponseError;
        throw new AdminSignInError(denied ? 'The sign-in was cancelled or refused.' : 'The sign-in could not be completed.', { cause: error });
      }
    },

    /** Where to send the browser to sign out of the provider too, and back to the Admin Center. */
    async logoutUrl(idToken: string): Promise<string> {
      return oidc.buildEndSessionUrl(await configuration(), {
        id_token_hint: idToken, post_logout_redirect_uri: `${deps.issuer}/admin/`,
      }).toString();
    },
  };
}

export type AdminRelyingParty = ReturnType<typeof createAdminRelyingParty>;
