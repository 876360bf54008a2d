// The demo GoToAssist app at /demo: what an application does to sign its users in through this server,
// and the reference for developers testing their own clients. It is a relying party like any other (the
// gotoassist-demo client, over HTTP, code + PKCE), keeps its own session, and shows the signed-in user with
// an account menu: My account, the Admin Center for administrators, and Sign out (RP-initiated logout).
// It is told by back-channel logout when a provider session that signed it in ends, and ends its own.
import type { Context } from 'koa';

import type { Renderer } from '../http/render/renderer.js';
import { formatUtc } from '../http/render/format-time.js';
import { sendPage } from '../http/render/send-page.js';
import { DEMO_CLIENT_ID } from '../config/load-config.js';
import { ACR, meetsAcr } from '../provider/acr.js';
import type { AppSessions, AppSessionData } from '../relying-party/app-sessions.js';
import { InvalidLogoutToken } from '../relying-party/logout-token.js';
import { ProviderSessionEndedError, signOutOfApp, SignInError, type RelyingParty } from '../relying-party/relying-party.js';

export interface DemoSession extends AppSessionData {
  readonly name: string | undefined;
  readonly email: string | undefined;
  readonly roles: readonly string[];
  readonly acr: string | undefined;
  readonly amr: readonly string[];
  /** Seconds since the epoch. */
  readonly authTime: number | undefined;
  /** When the provider last confirmed the user's session there (seconds since the epoch). */
  readonly checkedAt?: number;
}

/**
 * How often the demo asks the provider (prompt=none) whether the user is still signed in there: 'Sign out
 * of all sessions', a password reset or an administrator's suspension then reach the demo within this time.
 */
export const SESSION_CHECK_SECONDS = 60;

export function createDemoHandler(deps: { rp: RelyingParty; sessions: AppSessions<DemoSession>; renderer: Renderer; now: () => number }) {
  const render = (ctx: Context, template: string, title: string, model: object, status = 200) =>
    sendPage(ctx, deps.renderer.render(template, { title }, { csrfToken: String(ctx.state['csrfToken']), ...model }), { status });

  return {
    async home(ctx: Context): Promise<void> {
      const session = await deps.sessions.current(ctx);
      if (!session) {
        return render(ctx, 'signed-out', 'GoToAssist', {});
      }
      if ((session.checkedAt ?? session.authTime ?? 0) + SESSION_CHECK_SECONDS < deps.now()) {
        return deps.rp.start(ctx, { returnTo: '/demo/', silent: true });
      }
      render(ctx, 'home', 'GoToAssist', {
        user: { ...session, displayName: session.name ?? session.email, admin: session.roles.includes('admin') },
        twoStep: meetsAcr(session.acr, ACR.multiFactor),
        amr: session.amr.join(', '),
        signedInAt: session.authTime ? formatUtc(new Date(session.authTime * 1000)) : undefined,
        // My account then offers the way back here.
        accountUrl: `/account?client_id=${encodeURIComponent(DEMO_CLIENT_ID)}`,
      });
    },

    /** Sign in; with ?step_up=1, again with acr_values asking for two-step verification. */
    login: (ctx: Context) => deps.rp.start(ctx, { returnTo: '/demo/', stepUp: ctx.query['step_up'] === '1' }),

    async callback(ctx: Context): Promise<void> {
      let signIn;
      try {
        signIn = await deps.rp.finish(ctx);
      } catch (error) {
        if (error instanceof ProviderSessionEndedError) {
          await deps.sessions.end(ctx);
          ctx.status = 303;
          ctx.redirect('/demo/');
          return;
        }
        if (error instanceof SignInError) {
          return render(ctx, 'problem', 'Sign-in did not complete', { message: error.message }, 400);
        }
        throw error;
      }
      const { claims } = signIn;
      await deps.sessions.end(ctx);
      await deps.sessions.start(ctx, {
        accountId: claims.sub,
        idToken: signIn.idToken,
        name: typeof claims['name'] === 'string' ? claims['name'] : undefined,
        email: typeof claims['email'] === 'string' ? claims['email'] : undefined,
        roles: Array.isArray(claims['roles']) ? claims['roles'].filter((role): role is string => typeof role === 'string') : [],
        acr: typeof claims['acr'] === 'string' ? claims['acr'] : undefined,
        amr: Array.isArray(claims['amr']) ? claims['amr'].filter((value): value is string => typeof value === 'string') : [],
        authTime: typeof claims['auth_time'] === 'number' ? claims['auth_time'] : undefined,
        sid: typeof claims['sid'] === 'string' ? claims['sid'] : undefined,
        checkedAt: deps.now(),
      });
      ctx.status = 303;
      ctx.redirect(signIn.returnTo);
    },

    /**
     * Back-channel logout: the provider, server to server, with a logout token. The demo sessions that
     * provider session signed in end (all of the user's when the token names no session).
     */
    async backchannelLogout(ctx: Context): Promise<void> {
      const body = ctx.request.body as Record<string, unknown> | undefined;
      ctx.set('Cache-Control', 'no-store');
      try {
        const { sub, sid } = await deps.rp.verifyLogoutToken(body?.['logout_token']);
        await (sid !== undefined ? deps.sessions.endForProviderSession(sid) : deps.sessions.endAll(sub!));
        ctx.status = 200;
      } catch (error) {
        if (!(error instanceof InvalidLogoutToken)) {
          throw error;
        }
        ctx.status = 400;
        ctx.body = { error: 'invalid_request', error_description: error.message };
      }
    },

    /** Out of the demo, then out of the provider (RP-initiated logout), back to the demo. */
    logout: (ctx: Context) => signOutOfApp(ctx, deps.sessions, deps.rp, '/demo/'),
  };
}

export type DemoHandler = ReturnType<typeof createDemoHandler>;
