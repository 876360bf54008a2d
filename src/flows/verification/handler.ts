// The pages of login verification: 'check your email' in the browser that is signing in (enter the code,
// or wait: the page notices when the link was used, in any browser, and continues by itself), and the
// link's own page (a button, so that mail scanners that fetch links cannot approve anything; it then
// says to close the tab, so the sign-in ends in one place, where it started).
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../../accounts/account-repository.js';
import type { LoginVerification } from '../../methods/email-verification/login-verification.js';
import type { Renderer } from '../../http/render/renderer.js';
import type { AttemptThrottle } from '../../throttling/attempt-throttle.js';
import { interactionClient, loadInteraction, type Interaction } from '../interaction/interaction-context.js';
import { interactionExpired, wrongStep } from '../interaction/interaction-errors.js';
import type { SignInState } from '../interaction/sign-in-state.js';
import { completeSignIn, type CompleteSignInDeps } from '../login/complete-sign-in.js';
import { requestInfo } from '../../http/request-info.js';
import { loginMessages, throttleMessage } from '../login/errors.js';
import { requestLanguage } from '../../i18n/request-language.js';
import { verificationMessages } from './errors.js';
import { linkQuery, verifyForm } from './schema.js';
import { renderCheckEmailPage, renderLinkExpiredPage, renderLinkPage, renderVerifiedPage } from './views.js';

export interface VerificationDeps extends CompleteSignInDeps {
  readonly provider: () => Provider;
  readonly accounts: Pick<AccountRepository, 'findById' | 'recordSignIn'>;
  readonly verification: LoginVerification;
  readonly throttle: AttemptThrottle;
  readonly linkThrottle: AttemptThrottle;
  readonly renderer: Renderer;
}

type Pending = SignInState & { accountId: string; verificationId: string };

export function createVerificationHandler(deps: VerificationDeps) {
  const pending = async (ctx: Context) => {
    const provider = deps.provider();
    const interaction = await loadInteraction(ctx, provider);
    const state = await deps.signInState.load(interaction.uid);
    if (interaction.prompt.name !== 'login' || !state?.accountId || !state.verificationId) {
      throw wrongStep();
    }
    const uiLocales = interaction.params['ui_locales'];
    const language = requestLanguage(ctx, uiLocales);
    return {
      provider, interaction, state: state as Pending, client: await interactionClient(provider, interaction), uiLocales, language,
      say: verificationMessages(deps.renderer, language), throttled: (verdict: { blocked: boolean; retryAfterSeconds: number }) =>
        throttleMessage(verdict, loginMessages(deps.renderer, language)),
    };
  };
  const show = async (ctx: Context, found: Awaited<ReturnType<typeof pending>>, error?: string, status = 200, ended = false, notice?: string) =>
    renderCheckEmailPage(ctx, deps.renderer, {
      uid: found.interaction.uid, csrfToken: String(ctx.state['csrfToken']), client: found.client, email: found.state.email, error, ended, notice,
      language: found.language, uiLocales: found.uiLocales,
    }, status);
  const english = verificationMessages(deps.renderer);
  const resend = async (ctx: Context, found: Awaited<ReturnType<typeof pending>>) => {
    const account = await deps.accounts.findById(found.state.accountId);
    if (!account) {
      throw interactionExpired();
    }
    const result = await deps.verification.resend(found.state.verificationId, account, { ip: ctx.ip, userAgent: ctx.get('user-agent') || undefined, language: found.language });
    switch (result.status) {
      case 'sent':
        return show(ctx, found, undefined, 200, false, found.say.resent);
      case 'wait':
        return show(ctx, found, found.say.resendWait(result.seconds), 429);
      case 'limit':
        return show(ctx, found, found.say.resendLimit, 429);
      default:
        await deps.signInState.clear(found.interaction.uid);
        return show(ctx, found, found.say.expired, 410, true);
    }
  };
  const complete = async (ctx: Context, provider: Provider, interaction: Interaction, state: Pending) => {
    const account = await deps.accounts.findById(state.accountId);
    if (!account) {
      throw interactionExpired();
    }
    await deps.verification.end(state.verificationId);
    await completeSignIn(ctx, deps, {
      provider, interaction, account, remember: state.remember, amr: ['pwd'], trustDevice: true, method: 'verification', passkeyCapable: state.passkeyCapable,
    });
  };

  return {
    async show(ctx: Context): Promise<void> {
      await show(ctx, await pending(ctx));
    },

    async submit(ctx: Context): Promise<void> {
      const found = await pending(ctx);
      const form = verifyForm.safeParse(ctx.request.body);
      if (!form.success) {
        return show(ctx, found, found.say.wrongCode, 400);
      }
      if (form.data.action === 'resend') {
        return resend(ctx, found);
      }
      if (form.data.action === 'continue') {
        return (await deps.verification.isApproved(found.state.verificationId))
          ? complete(ctx, found.provider, found.interaction, found.state)
          : show(ctx, found, found.say.notYet, 409);
      }
      const verdict = await deps.throttle.check(found.state.accountId, ctx.ip);
      if (!verdict.allowed) {
        return show(ctx, found, found.throttled(verdict), 429);
      }
      const result = await deps.verification.confirmCode(found.state.verificationId, form.data.code);
      if (result === 'ok') {
        await deps.throttle.succeed(found.state.accountId, ctx.ip);
        return complete(ctx, found.provider, found.interaction, found.state);
      }
      const failure = await deps.throttle.fail(found.state.accountId, ctx.ip);
      await deps.audit.record({
        type: 'sign_in.failed', reason: result === 'wrong' ? 'wrong_code' : `${result}_code`, accountId: found.state.accountId,
        email: found.state.email, clientId: found.client.clientId, request: requestInfo(ctx), details: { method: 'verification' },
      });
      if (result === 'wrong') {
        return show(ctx, found, failure.verdict.blocked ? found.throttled(failure.verdict) : found.say.wrongCode, 401);
      }
      await deps.signInState.clear(found.interaction.uid);
      return show(ctx, found, result === 'exhausted' ? found.say.exhausted : found.say.expired, 410, true);
    },

    /** Asked every few seconds by the check-email page's script: has the link been used? */
    async status(ctx: Context): Promise<void> {
      ctx.set('Cache-Control', 'no-store');
      let found;
      try {
        found = await pending(ctx);
      } catch {
        ctx.status = 410;
        ctx.body = { approved: false, ended: true };
        return;
      }
      ctx.body = { approved: await deps.verification.isApproved(found.state.verificationId) };
    },

    async showLink(ctx: Context): Promise<void> {
      // Checked before anything is asked: a dead link says so at once, not after 'Yes, it was me'.
      const verdict = await deps.linkThrottle.check('verify-link', ctx.ip);
      if (!verdict.allowed) {
        return renderLinkExpiredPage(ctx, deps.renderer, throttleMessage(verdict));
      }
      const query = linkQuery.safeParse(ctx.query);
      if (!query.success || !(await deps.verification.linkIsLive(query.data.token))) {
        await deps.linkThrottle.fail('verify-link', ctx.ip);
        return renderLinkExpiredPage(ctx, deps.renderer, english.linkExpired);
      }
      renderLinkPage(ctx, deps.renderer, { csrfToken: String(ctx.state['csrfToken']), token: query.data.token });
    },

    async useLink(ctx: Context): Promise<void> {
      const verdict = await deps.linkThrottle.check('verify-link', ctx.ip);
      if (!verdict.allowed) {
        return renderLinkExpiredPage(ctx, deps.renderer, throttleMessage(verdict));
      }
      const form = linkQuery.safeParse(ctx.request.body);
      const result = form.success ? await deps.verification.approveByLink(form.data.token) : { status: 'expired' as const };
      if (result.status !== 'approved') {
        await deps.linkThrottle.fail('verify-link', ctx.ip);
        return renderLinkExpiredPage(ctx, deps.renderer, english.linkExpired);
      }
      renderVerifiedPage(ctx, deps.renderer);
    },
  };
}

export type VerificationHandler = ReturnType<typeof createVerificationHandler>;
