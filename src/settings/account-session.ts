// Who is signed in on My account: the provider's own session. A visitor who is not signed in goes through
// the ordinary sign-in, as the account-console client (response_type none), and comes back here.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { Account } from '../accounts/account.js';
import type { AccountRepository } from '../accounts/account-repository.js';
import { ACCOUNT_CONSOLE_CLIENT_ID } from '../clients/client-registry.js';
import { constantTimeEqual, randomToken } from '../core/random-token.js';
import { epochSeconds, type Clock } from '../core/clock.js';
import { currentSession, type CurrentSession } from '../provider/provider-session.js';

const STATE_COOKIE = 'account_state';
const STATE_MAX_AGE_MS = 10 * 60 * 1000;

export interface SignedIn {
  readonly account: Account;
  readonly session: CurrentSession;
}

export async function signedInAccount(ctx: Context, provider: Provider, accounts: Pick<AccountRepository, 'findById'>): Promise<SignedIn | undefined> {
  const session = await currentSession(ctx, provider);
  const account = session ? await accounts.findById(session.accountId) : undefined;
  return session && account?.status === 'ACTIVE' ? { account, session } : undefined;
}

/** Where My account may send the browser back to after a sign-in: its own pages only. */
const RETURN_PATH = /^\/account(\/[a-z0-9/-]*)?(\?[A-Za-z0-9=&_-]*)?$/;

/**
 * Starts the sign-in; `prompt: 'login'` asks for the password again even with a session (a recent sign-in
 * for sensitive changes). The browser comes back to `returnTo`.
 */
export function redirectToSignIn(ctx: Context, issuer: string, options: { prompt?: 'login'; returnTo?: string } = {}): void {
  const state = randomToken(16);
  const returnTo = options.returnTo && RETURN_PATH.test(options.returnTo) ? options.returnTo : '/account';
  ctx.cookies.set(STATE_COOKIE, `${state} ${returnTo}`, {
    signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: STATE_MAX_AGE_MS, path: '/account',
  });
  const query = new URLSearchParams({
    client_id: ACCOUNT_CONSOLE_CLIENT_ID,
    response_type: 'none',
    scope: 'openid',
    redirect_uri: `${issuer}/account/callback`,
    state,
    ...(options.prompt ? { prompt: options.prompt } : {}),
  });
  ctx.status = 303;
  ctx.redirect(`/auth?${query.toString()}`);
}

/** The state coming back must be the one this browser sent; then, where to go. */
export function takeState(ctx: Context, returned: string): string | undefined {
  const [sent, returnTo] = (ctx.cookies.get(STATE_COOKIE, { signed: true }) ?? '').split(' ');
  ctx.cookies.set(STATE_COOKIE, null, { path: '/account' });
  return sent && constantTimeEqual(sent, returned) && returnTo && RETURN_PATH.test(returnTo) ? returnTo : undefined;
}

/** Whether the user proved who they are within the last `seconds` (for sensitive changes). */
export function signedInRecently(found: SignedIn, nowSeconds: number, seconds: number): boolean {
  return nowSeconds - found.session.loginTs <= seconds;
}

/** Back to My account after a change, with the notice `done` names. */
export function backToAccount(ctx: Context, done: string): void {
  ctx.status = 303;
  ctx.redirect(`/account?done=${done}`);
}

/** Sensitive changes need a sign-in this recent. */
export const RECENT_SIGN_IN_SECONDS = 5 * 60;

/** The account, signed in within the last five minutes; otherwise the browser is sent to sign in (again). */
export async function recentlySignedIn(ctx: Context, deps: {
  provider: () => Provider; issuer: string; repository: Pick<AccountRepository, 'findById'>; clock: Clock;
}, returnTo: string): Promise<SignedIn | undefined> {
  const found = await signedInAccount(ctx, deps.provider(), deps.repository);
  if (!found || !signedInRecently(found, epochSeconds(deps.clock), RECENT_SIGN_IN_SECONDS)) {
    redirectToSignIn(ctx, deps.issuer, { prompt: found ? 'login' : undefined, returnTo });
    return undefined;
  }
  return found;
}
