// Front-channel logout (OIDC Front-Channel Logout 1.0): the browser that signs out loads, in hidden iframes,
// the frontchannel_logout_uri of each application its session signed in that registered one, with iss and
// the sid the application was given when it asked for them (frontchannel_logout_session_required), so that
// the application ends its own session there. oidc-provider 9 no longer implements it: the metadata, the
// sid in the ID token, the discovery fields and the page are ours. It complements back-channel logout,
// which reaches applications without the browser (and every session, not only this one).
import type { Context, Middleware } from 'koa';
import type Provider from 'oidc-provider';
import { errors, type KoaContextWithOIDC } from 'oidc-provider';

import { signInsOf, type EndedSignIn, type SessionSignIns } from '../accounts/session-endings.js';
import { checkFrontchannelLogoutUri } from '../clients/redirect-uri-rules.js';

export const FRONTCHANNEL_CLIENT_METADATA = ['frontchannel_logout_uri', 'frontchannel_logout_session_required'] as const;

/** What discovery says of it (section 3). */
export const FRONTCHANNEL_DISCOVERY = { frontchannel_logout_supported: true, frontchannel_logout_session_supported: true } as const;

/** One application's logout page, to load in a hidden iframe. */
export interface LogoutFrame {
  readonly clientName: string;
  readonly src: string;
}

/** Shows the frames, then goes on to `next` (an application's post-logout URI, or our signed-out page). */
export type SigningOutPage = (ctx: Context, frames: readonly LogoutFrame[], next: string) => void;

interface FrontchannelClient {
  readonly clientName?: string | undefined;
  readonly frontchannel_logout_uri?: unknown;
  readonly frontchannel_logout_session_required?: unknown;
}

/**
 * Checks the two client metadata values, for dynamic registration and for clients read from the database
 * alike (extraClientMetadata's validator): an invalid one is invalid_client_metadata.
 */
export function validateFrontchannelMetadata(key: string, value: unknown, metadata: Record<string, unknown>): void {
  if (value === undefined) {
    return;
  }
  if (key === 'frontchannel_logout_session_required' && typeof value !== 'boolean') {
    throw new errors.InvalidClientMetadata('frontchannel_logout_session_required must be a boolean');
  }
  if (key === 'frontchannel_logout_uri') {
    const redirectUris = Array.isArray(metadata['redirect_uris']) ? metadata['redirect_uris'].filter((uri) => typeof uri === 'string') : [];
    const problem = typeof value === 'string' ? checkFrontchannelLogoutUri(value, redirectUris) : 'frontchannel_logout_uri must be a string';
    if (problem) {
      throw new errors.InvalidClientMetadata(problem);
    }
  }
}

/** The sid in the ID tokens of applications that asked for it in their front-channel logout (section 3). */
export function includeSidForFrontchannel(provider: Provider): void {
  const prototype = provider.Client.prototype as unknown as FrontchannelClient & { includeSid(): boolean };
  const ownIncludeSid = prototype.includeSid;
  prototype.includeSid = function includeSid(this: FrontchannelClient & { includeSid(): boolean }) {
    return ownIncludeSid.call(this)
      || (typeof this.frontchannel_logout_uri === 'string' && this.frontchannel_logout_session_required === true);
  };
}

/** The frames for the applications of these sign-ins that registered a front-channel logout URI. */
export async function frontchannelFrames(provider: Provider, signIns: readonly EndedSignIn[]): Promise<LogoutFrame[]> {
  const frames = await Promise.all(signIns.map(async ({ clientId, sid }) => {
    const client = await provider.Client.find(clientId).catch(() => undefined) as FrontchannelClient | undefined;
    if (typeof client?.frontchannel_logout_uri !== 'string') {
      return undefined;
    }
    const src = new URL(client.frontchannel_logout_uri);
    if (client.frontchannel_logout_session_required === true) {
      src.searchParams.set('iss', provider.issuer);
      src.searchParams.set('sid', sid);
    }
    return { clientName: client.clientName ?? clientId, src: src.href };
  }));
  return frames.filter((frame) => frame !== undefined);
}

/**
 * RP-initiated logout: oidc-provider ends the session at POST /session/end/confirm and redirects. When
 * applications of that session registered front-channel logout URIs, the redirect becomes a page that
 * loads them and then goes on to where the redirect led. The same applications as oidc-provider's
 * back-channel logout: all of the session's when the user signed out, only the asking one when they
 * stayed signed in. The session is read before oidc-provider ends it (one read more, on sign-out only).
 */
export function frontchannelOnLogout(provider: Provider, confirmPath: string, page: SigningOutPage): Middleware {
  return async (ctx, next) => {
    if (ctx.method !== 'POST' || ctx.path !== confirmPath) {
      return next();
    }
    const session = await provider.Session.get(ctx as never) as SessionSignIns & { state?: { clientId?: unknown } };
    const signIns = signInsOf(session);
    const asking = session.state?.clientId;
    await next();
    const location = ctx.response.get('Location');
    if (ctx.status !== 303 || !location || signIns.length === 0) {
      return;
    }
    const signedOut = (ctx as unknown as KoaContextWithOIDC).oidc?.params?.['logout'] !== undefined;
    const frames = await frontchannelFrames(provider, signIns.filter(({ clientId }) => signedOut || clientId === asking));
    if (frames.length > 0) {
      ctx.remove('Location');
      page(ctx, frames, location);
    }
  };
}
