// Two-step verification during sign-in: after the password (or, for a step-up, on the existing session),
// the authenticator app's code or a recovery code. Five wrong codes end the sign-in; the sign-in throttle
// counts each of them.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import type { AccountRepository } from '../../accounts/account-repository.js';
import type { Renderer } from '../../http/render/renderer.js';
import { requestInfo } from '../../http/request-info.js';
import type { TwoStep } from '../../mfa/two-step.js';
import type { SignInPolicies } from '../../organizations/sign-in-policy.js';
import type { AttemptThrottle } from '../../throttling/attempt-throttle.js';
import { finishInteraction, interactionClient, loadInteraction, sessionAccount, steppedUpSession, type Interaction } from '../interaction/interaction-context.js';
import { interactionExpired, wrongStep } from '../interaction/interaction-errors.js';
import { isOrganizationStepUp } from '../interaction/step-up.js';
import type { SignInState } from '../interaction/sign-in-state.js';
import { completeSignIn, type CompleteSignInDeps } from '../login/complete-sign-in.js';
import { loginMessages, throttleMessage } from '../login/errors.js';
import { requestLanguage } from '../../i18n/request-language.js';
import { MAX_MFA_FAILURES, mfaMessages } from './errors.js';
import { mfaForm, mfaQuery } from './schema.js';
import { renderMfaPage, renderMfaRequiredPage } from './views.js';
import { parseQuery } from '../../http/input/parse-query.js';

export interface MfaDeps extends CompleteSignInDeps {
  readonly provider: () => Provider;
  readonly accounts: Pick<AccountRepository, 'findById' | 'recordSignIn'>;
  readonly twoStep: TwoStep;
  readonly throttle: AttemptThrottle;
  readonly renderer: Renderer;
  readonly policies: Pick<SignInPolicies, 'forAccount'>;
}

type Pending = SignInState & { accountId: string };

export function createMfaHandler(deps: MfaDeps) {
  const pending = async (ctx: Context) => {
    const provider = deps.provider();
    const interaction = await loadInteraction(ctx, provider);
    const state = await deps.signInState.load(interaction.uid);
    if (interaction.prompt.name !== 'login' || !state?.accountId || !state.mfa) {
      throw wrongStep();
    }
    return { provider, interaction, state: state as Pending, client: await interactionClient(provider, interaction) };
  };
  const page = (ctx: Context, interaction: Interaction) => ({
    uid: interaction.uid, csrfToken: String(ctx.state['csrfToken']),
    language: requestLanguage(ctx, interaction.params['ui_locales']), uiLocales: interaction.params['ui_locales'],
  });

  return {
    async show(ctx: Context): Promise<void> {
      const { interaction, client } = await pending(ctx);
      renderMfaPage(ctx, deps.renderer, { ...page(ctx, interaction), client, method: parseQuery(mfaQuery, ctx).method });
    },

    async submit(ctx: Context): Promise<void> {
      const { provider, interaction, state, client } = await pending(ctx);
      const form = mfaForm.safeParse(ctx.request.body);
      const method = form.success ? form.data.method : 'totp';
      const shown = page(ctx, interaction);
      const refuse = (error: string, status: number) => renderMfaPage(ctx, deps.renderer, { ...shown, client, method, error }, status);
      const verdict = await deps.throttle.check(state.email, ctx.ip);
      if (!verdict.allowed) {
        return refuse(throttleMessage(verdict, loginMessages(deps.renderer, shown.language)), 429);
      }
      const code = form.success ? form.data.code : '';
      const result = method === 'recovery'
        ? ((await deps.twoStep.useRecoveryCode(state.accountId, code)) ? 'ok' : 'wrong')
        : await deps.twoStep.verifyCode(state.accountId, code);
      if (result === 'ok') {
        const account = await deps.accounts.findById(state.accountId);
        if (!account) {
          throw interactionExpired();
        }
        await deps.throttle.succeed(state.email, ctx.ip);
        await completeSignIn(ctx, deps, {
          provider, interaction, account, remember: state.remember, trustDevice: false,
          amr: [state.firstFactor ?? 'pwd', method === 'recovery' ? 'mfa' : 'otp'], method, passkeyCapable: state.passkeyCapable,
        });
        return;
      }
      await deps.throttle.fail(state.email, ctx.ip);
      const failures = (state.mfaFailures ?? 0) + 1;
      await deps.audit.record({
        type: 'sign_in.failed', reason: method === 'recovery' ? 'wrong_recovery_code' : `${result}_code`, accountId: state.accountId,
        email: state.email, clientId: client.clientId, request: requestInfo(ctx), details: { failures, method },
      });
      if (failures >= MAX_MFA_FAILURES) {
        await deps.signInState.clear(interaction.uid);
        await finishInteraction(ctx, interaction, { error: 'access_denied', error_description: 'Too many wrong two-step verification codes.' });
        return;
      }
      await deps.signInState.save(interaction.uid, { ...state, mfaFailures: failures }, interaction.exp);
      const say = mfaMessages(deps.renderer, shown.language);
      const message = method === 'recovery' ? say.wrongRecoveryCode : result === 'replayed' ? say.replayed : say.wrongCode;
      return refuse(message, 401);
    },

    /**
     * The relying party asks for multi-factor and the session has only a password: ask for the second
     * factor alone, or, without one enrolled, say the application requires it and offer to set it up.
     */
    async stepUp(ctx: Context, provider: Provider, interaction: Interaction): Promise<void> {
      const account = await sessionAccount(deps.accounts, interaction);
      if (!(await deps.twoStep.isEnabled(account.id))) {
        const organization = isOrganizationStepUp(interaction) ? (await deps.policies.forAccount(account.id)).organizationName : undefined;
        renderMfaRequiredPage(ctx, deps.renderer, {
          ...page(ctx, interaction), client: await interactionClient(provider, interaction), organization,
        });
        return;
      }
      const session = await steppedUpSession(provider, interaction);
      await deps.signInState.save(interaction.uid, {
        email: account.email, remember: session.remember, accountId: account.id, mfa: true, mfaFailures: 0, stepUp: true,
        firstFactor: firstFactorOf(session.amr),
      }, interaction.exp);
      ctx.status = 303;
      ctx.redirect(`/interaction/${interaction.uid}/mfa`);
    },
  };
}

export type MfaHandler = ReturnType<typeof createMfaHandler>;

/** What the session being stepped up proved first: a company or social sign-in, a passkey that did not verify the user, or a password. */
function firstFactorOf(amr: readonly string[]): NonNullable<SignInState['firstFactor']> {
  return (['fed', 'hwk', 'swk'] as const).find((method) => amr.includes(method)) ?? 'pwd';
}
