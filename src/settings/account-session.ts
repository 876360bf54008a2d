// Who is signed in on My account: the provider's own session. A visitor who is not signed in goes through
// the ordinary sign-in, as the account-console client (response_type none), and comes back here.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { Account } from '../accounts/account.js';
import type { AccountRepository } from '../accounts/account-repository.js';
import { ACCOUNT_CONSOLE_CLIENT_ID } from '../clients/client-registry.js';
import { constantTimeEqual, randomToken } from '../core/random-token.js';
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

/** Starts the sign-in; `prompt: 'login'` asks for the password again even with a session. */
export function redirectToSignIn(ctx: Context, issuer: string, options: { prompt?: 'login' } = {}): void {
  const state = randomToken(16);
  ctx.cookies.set(STATE_COOKIE, state, { signed: true, httpOnly: true, sameSite: 'lax', secure: ctx.secure, maxAge: STATE_MAX_AGE_MS, path: '/account' });
  const query = new URLSearchParams({
    client_id: ACCOUNT_CONSOLE_CLIENT_ID,
    response_type: 'none',
    scope: 'openid',
    redirect_uri: `${issuer}/account/callback`,
    state,
    ...options,
  });
  ctx.status = 303;
  ctx.redirect(`/auth?${query.toString()}`);
}

/** The state coming back must be the one this browser sent. */
export function takeState(ctx: Context, returned: string): boolean {
  const sent = ctx.cookies.get(STATE_COOKIE, { signed: true });
  ctx.cookies.set(STATE_COOKIE, null, { path: '/account' });
  return sent !== undefined && constantTimeEqual(sent, returned);
}
