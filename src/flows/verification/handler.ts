// The pages of login verification: 'check your email' in the browser that is signing in (enter the code,
// or continue once the link was used), and the link's own page (a button, so that mail scanners that
// fetch links cannot approve anything).
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
import { throttleMessage } from '../login/errors.js';
import { VerificationMessages } from './errors.js';
import { linkQuery, verifyForm } from './schema.js';
import { renderCheckEmailPage, renderLinkExpiredPage, renderLinkPage, renderVerifiedElsewherePage } from './views.js';

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
    return { provider, interaction, state: state as Pending, client: await interactionClient(provider, interaction) };
  };
  const show = async (ctx: Context, found: Awaited<ReturnType<typeof pending>>, error?: string, status = 200, ended = false) =>
    renderCheckEmailPage(ctx, deps.renderer, {
      uid: found.interaction.uid, csrfToken: String(ctx.state['csrfToken']), client: found.client, email: found.state.email, error, ended,
    }, status);
  const complete = async (ctx: Context, provider: Provider, interaction: Interaction, state: Pending) => {
    const account = await deps.accounts.findById(state.accountId);
    if (!account) {
      throw interactionExpired();
    }
    await deps.verification.end(state.verificationId);
    await completeSignIn(ctx, deps, { provider, interaction, account, remember: state.remember, amr: ['pwd'], trustDevice: true, method: 'verification' });
  };

  return {
    async show(ctx: Context): Promise<void> {
      await show(ctx, await pending(ctx));
    },

    async submit(ctx: Context): Promise<void> {
      const found = await pending(ctx);
      const form = verifyForm.safeParse(ctx.request.body);
      if (!form.success) {
        return show(ctx, found, VerificationMessages.wrongCode, 400);
      }
      if (form.data.action === 'continue') {
        return (await deps.verification.isApproved(found.state.verificationId))
          ? complete(ctx, found.provider, found.interaction, found.state)
          : show(ctx, found, VerificationMessages.notYet, 409);
      }
      const verdict = await deps.throttle.check(found.state.accountId, ctx.ip);
      if (!verdict.allowed) {
        return show(ctx, found, throttleMessage(verdict), 429);
      }
      const result = await deps.verification.confirmCode(found.state.verificationId, form.data.code);
      if (result === 'ok') {
        await deps.throttle.succeed(found.state.accountId, ctx.ip);
        return complete(ctx, found.provider, found.interaction, found.state);
      }
      const failure = await deps.throttle.fail(found.state.accountId, ctx.ip);
      if (result === 'wrong') {
        return show(ctx, found, failure.verdict.blocked ? throttleMessage(failure.verdict) : VerificationMessages.wrongCode, 401);
      }
      await deps.signInState.clear(found.interaction.uid);
      return show(ctx, found, result === 'exhausted' ? VerificationMessages.exhausted : VerificationMessages.expired, 410, true);
    },

    /** Where the link lands after its button: finishes here if this browser is the one signing in. */
    async complete(ctx: Context): Promise<void> {
      let found;
      try {
        found = await pending(ctx);
      } catch {
        // Another browser (or device) used the link: the one signing in goes on with Continue.
        return renderVerifiedElsewherePage(ctx, deps.renderer);
      }
      if (!(await deps.verification.isApproved(found.state.verificationId))) {
        return show(ctx, found, VerificationMessages.notYet, 409);
      }
      await complete(ctx, found.provider, found.interaction, found.state);
    },

    async showLink(ctx: Context): Promise<void> {
      const query = linkQuery.safeParse(ctx.query);
      renderLinkPage(ctx, deps.renderer, { csrfToken: String(ctx.state['csrfToken']), token: query.success ? query.data.token : '' });
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
        return renderLinkExpiredPage(ctx, deps.renderer, VerificationMessages.linkExpired);
      }
      ctx.status = 303;
      ctx.redirect(`/interaction/${result.interactionUid}/verify/complete`);
    },
  };
}

export type VerificationHandler = ReturnType<typeof createVerificationHandler>;
