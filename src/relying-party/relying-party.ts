// An application of this server (the Admin Center, the demo GoToAssist app) as a relying party of the
// provider, over HTTP like any other: discovery, the authorization code flow with PKCE, state and nonce
// (openid-client), a step-up with acr_values, and RP-initiated logout. Nothing is taken in-process.
import type { Context } from 'koa';
import * as oidc from 'openid-client';

import { isLoopbackHost } from '../clients/redirect-uri-rules.js';
import { constantTimeEqual } from '../core/random-token.js';
import { ACR } from '../provider/acr.js';
import type { StateStore } from '../storage/state/state-store.js';
import { createLogoutTokenVerifier } from './logout-token.js';

export interface RelyingPartyOptions {
  readonly issuer: string;
  readonly clientId: string;
  /** Undefined: a public client (PKCE only). */
  readonly clientSecret: string | undefined;
  /** The application's own path, e.g. /admin: its callback is PATH/callback, its cookie's path PATH. */
  readonly basePath: string;
  readonly scope: string;
  /** Where the provider sends the browser back after signing out. */
  readonly postLogoutRedirectUri: string;
  readonly defaultReturn: string;
  readonly store: StateStore;
}

export interface RelyingPartySignIn {
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
  readonly silent?: boolean;
}

const PENDING_SECONDS = 600;

export class SignInError extends Error {}

/** A silent check (prompt=none) found no session at the provider: the user signed out there, or was signed out. */
export class ProviderSessionEndedError extends SignInError {
  constructor(readonly returnTo: string) {
    super('You are no longer signed in.');
  }
}

/** What prompt=none answers when the provider would have to ask the user something. */
const NO_SESSION_ERRORS = new Set(['login_required', 'interaction_required', 'consent_required', 'account_selection_required']);

export function createRelyingParty(options: RelyingPartyOptions) {
  const redirectUri = `${options.issuer}${options.basePath}/callback`;
  const cookie = `${options.basePath.replace(/\W/g, '')}_login`;
  const returnPath = new RegExp(`^${options.basePath}(/[A-Za-z0-9/_.-]*)?$`);
  let discovered: Promise<oidc.Configuration> | undefined;
  const configuration = () => {
    discovered ??= discover().catch((error: unknown) => {
      discovered = undefined;
      throw error;
    });
    return discovered;
  };
  const discover = () => {
    const issuer = new URL(options.issuer);
    return oidc.discovery(issuer, options.clientId, undefined,
      options.clientSecret ? oidc.ClientSecretBasic(options.clientSecret) : oidc.None(),
      { execute: issuer.protocol === 'http:' && isLoopbackHost(issuer.hostname) ? [oidc.allowInsecureRequests] : [], timeout: 10 });
  };
  const cookieOptions = (ctx: Context) => ({ signed: true, httpOnly: true, sameSite: 'lax' as const, secure: ctx.secure, path: options.basePath });
  const pendingKey = (state: string) => `rp:${options.clientId}:${state}`;
  const verifyLogoutToken = createLogoutTokenVerifier({
    issuer: options.issuer, clientId: options.clientId, store: options.store,
    jwksUri: async () => (await configuration()).serverMetadata().jwks_uri!,
  });

  return {
    /** Sends the browser to sign in; it comes back to PATH/callback, then to `returnTo` (a path of the application). */
    /**
     * `silent`: prompt=none, the OIDC way to ask whether the provider still has the user's session; it comes
     * back at once either way, and the callback throws ProviderSessionEndedError when it does not.
     */
    async start(ctx: Context, request: { returnTo?: string | undefined; stepUp?: boolean; silent?: boolean }): Promise<void> {
      const config = await configuration();
      const state = oidc.randomState();
      const pending: PendingSignIn = {
        verifier: oidc.randomPKCECodeVerifier(), nonce: oidc.randomNonce(),
        returnTo: request.returnTo && returnPath.test(request.returnTo) ? request.returnTo : options.defaultReturn,
        stepUp: request.stepUp ?? false, silent: request.silent ?? false,
      };
      await options.store.set(pendingKey(state), JSON.stringify(pending), PENDING_SECONDS);
      ctx.cookies.set(cookie, state, { ...cookieOptions(ctx), maxAge: PENDING_SECONDS * 1000 });
      const url = oidc.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri, scope: options.scope, state, nonce: pending.nonce,
        code_challenge: await oidc.calculatePKCECodeChallenge(pending.verifier), code_challenge_method: 'S256',
        ...(pending.stepUp ? { acr_values: ACR.multiFactor } : {}),
        ...(pending.silent ? { prompt: 'none' } : {}),
      });
      ctx.status = 303;
      ctx.redirect(url.toString());
    },

    /** The callback: the browser that started, the code exchanged, the ID token checked. */
    async finish(ctx: Context): Promise<RelyingPartySignIn> {
      const sent = ctx.cookies.get(cookie, { signed: true });
      ctx.cookies.set(cookie, null, cookieOptions(ctx));
      const state = typeof ctx.query['state'] === 'string' ? ctx.query['state'] : '';
      if (!sent || !state || !constantTimeEqual(sent, state)) {
        throw new SignInError('This sign-in did not start in this browser.');
      }
      const stored = await options.store.take(pendingKey(state));
      if (!stored) {
        throw new SignInError('This sign-in was completed already, or took too long.');
      }
      const pending = JSON.parse(stored) as PendingSignIn;
      try {
        const tokens = await oidc.authorizationCodeGrant(await configuration(), new URL(ctx.originalUrl, options.issuer), {
          pkceCodeVerifier: pending.verifier, expectedState: state, expectedNonce: pending.nonce, idTokenExpected: true,
        });
        return { claims: tokens.claims()!, idToken: tokens.id_token!, returnTo: pending.returnTo, steppedUp: pending.stepUp };
      } catch (error) {
        const denied = error instanceof oidc.AuthorizationResponseError;
        if (denied && pending.silent && NO_SESSION_ERRORS.has(error.error)) {
          throw new ProviderSessionEndedError(pending.returnTo);
        }
        throw new SignInError(denied ? 'The sign-in was cancelled or refused.' : 'The sign-in could not be completed.', { cause: error });
      }
    },

    /** A back-channel logout request's logout_token, validated (throws InvalidLogoutToken). */
    verifyLogoutToken,

    /** Where to send the browser to sign out of the provider too, and back to the application. */
    async logoutUrl(idToken: string): Promise<string> {
      return oidc.buildEndSessionUrl(await configuration(), { id_token_hint: idToken, post_logout_redirect_uri: options.postLogoutRedirectUri }).toString();
    },
  };
}

export type RelyingParty = ReturnType<typeof createRelyingParty>;

/**
 * Signs out of the application (its own session) and then of the provider (RP-initiated logout, back to
 * the application); without a session, straight to `landing`.
 */
export async function signOutOfApp(ctx: Context, sessions: {
  current(ctx: Context): Promise<{ idToken: string } | undefined>; end(ctx: Context): Promise<void>;
}, rp: RelyingParty, landing: string): Promise<void> {
  const session = await sessions.current(ctx);
  await sessions.end(ctx);
  ctx.status = 303;
  ctx.redirect(session ? await rp.logoutUrl(session.idToken) : landing);
}
