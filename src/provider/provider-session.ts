// The provider's own session (the SSO cookie) seen from our pages: who is signed in here, and starting a
// session without an authorization request (after activation).
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

export interface CurrentSession {
  readonly accountId: string;
  /** When the user last proved who they are (seconds since the epoch). */
  readonly loginTs: number;
}

export async function currentSession(ctx: Context, provider: Provider): Promise<CurrentSession | undefined> {
  const session = await provider.Session.get(ctx as never);
  return session.accountId && session.loginTs ? { accountId: session.accountId, loginTs: session.loginTs } : undefined;
}

/** Signs the browser in, as a browser session (no 'Keep me signed in'). */
export async function startSession(ctx: Context, provider: Provider, login: {
  accountId: string; amr: string[]; acr: string; ttlSeconds: number; now: number;
}): Promise<void> {
  const session = await provider.Session.get(ctx as never);
  session.resetIdentifier();
  session.loginAccount({ accountId: login.accountId, loginTs: login.now, amr: login.amr, acr: login.acr, transient: true });
  await session.save(login.ttlSeconds);
  const cookies = provider.createContext(ctx.req, ctx.res).cookies;
  cookies.set(provider.cookieName('session'), session.jti, { httpOnly: true, sameSite: 'lax', secure: ctx.secure, signed: true, path: '/' });
}

/** Ends the session of this browser (the account's other sessions are ended by the SessionRevoker). */
export async function endSession(ctx: Context, provider: Provider): Promise<void> {
  const session = await provider.Session.get(ctx as never);
  await session.destroy();
  provider.createContext(ctx.req, ctx.res).cookies.set(provider.cookieName('session'), null, { path: '/' });
}
