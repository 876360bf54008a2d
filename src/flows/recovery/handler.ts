// 'Forgot password?' → 'Reset Password' → the email's link → a new password. Every answer before the
// link is the same whether or not the account exists.
import type { Context } from 'koa';

import { AccountErrorCode } from '../../accounts/account-errors.js';
import { normalizeEmail } from '../../accounts/normalize-email.js';
import { RESET_MINUTES, type PasswordReset } from '../../accounts/password-reset.js';
import { isAppError } from '../../core/app-error.js';
import type { Clock } from '../../core/clock.js';
import { sha256 } from '../../core/random-token.js';
import type { AuditLog } from '../../audit/audit-log.js';
import type { Renderer } from '../../http/render/renderer.js';
import { requestInfo } from '../../http/request-info.js';
import type { StateStore } from '../../storage/state/state-store.js';
import type { AttemptThrottle } from '../../throttling/attempt-throttle.js';
import { DEFAULT_LANGUAGE, type Language } from '../../i18n/languages.js';
import { languageOnceKnown, requestLanguage } from '../../i18n/request-language.js';
import { loginMessages, throttleMessage } from '../login/errors.js';
import { recoveryMessages } from './errors.js';
import { forgotForm, forgotQuery, resetForm, resetQuery } from './schema.js';
import {
  renderCompanySignInPage, renderForgotPage, renderHelpPage, renderLinkProblemPage, renderResetDonePage, renderResetPage, renderSentPage,
} from './views.js';
import { parseQuery } from '../../http/input/parse-query.js';

export interface RecoveryDeps {
  readonly passwordReset: PasswordReset;
  /** The organization of an email's domain when it allows only its company sign-in. */
  readonly companySignInDomain: (email: string) => Promise<string | undefined>;
  readonly store: StateStore;
  readonly requestThrottle: AttemptThrottle;
  readonly linkThrottle: AttemptThrottle;
  readonly clock: Clock;
  readonly renderer: Renderer;
  readonly audit: Pick<AuditLog, 'record'>;
}

/** One email per address per minute, whatever the account. */
const RESEND_SECONDS = 60;

export function createRecoveryHandler(deps: RecoveryDeps) {
  const csrf = (ctx: Context) => String(ctx.state['csrfToken']);
  const language = (ctx: Context) => requestLanguage(ctx);
  const say = (ctx: Context) => recoveryMessages(deps.renderer, language(ctx));
  const linkProblem = (ctx: Context, status: 'expired' | 'used' | 'unknown') => say(ctx)[status];
  const throttled = (verdict: { blocked: boolean; retryAfterSeconds: number }, shownIn: Language) =>
    throttleMessage(verdict, loginMessages(deps.renderer, shownIn));

  /** Seconds to wait before another email to this address may go, or 0 (and the wait starts now). */
  const resendWait = async (email: string) => {
    const key = `forgot:last:${sha256(email)}`;
    const now = deps.clock.now().getTime();
    if (await deps.store.setIfAbsent(key, String(now), RESEND_SECONDS)) {
      return 0;
    }
    const remaining = Math.ceil((Number(await deps.store.get(key)) + RESEND_SECONDS * 1000 - now) / 1000);
    if (remaining > 0) {
      return remaining;
    }
    await deps.store.set(key, String(now), RESEND_SECONDS);
    return 0;
  };

  return {
    showForgot(ctx: Context): void {
      const query = parseQuery(forgotQuery, ctx);
      renderForgotPage(ctx, deps.renderer, { csrfToken: csrf(ctx), email: query.email ?? '', interaction: query.interaction, language: language(ctx) });
    },

    async submitForgot(ctx: Context): Promise<void> {
      const form = forgotForm.safeParse(ctx.request.body);
      const interaction = form.success ? form.data.interaction : undefined;
      const email = form.success ? normalizeEmail(form.data.email) : undefined;
      // The help page is in English so far: a refusal there is too.
      const fromHelp = form.success && form.data.page === 'help';
      const shownIn = fromHelp ? DEFAULT_LANGUAGE : language(ctx);
      const refusals = recoveryMessages(deps.renderer, shownIn);
      const again = (error: string, status: number) => (fromHelp ? renderHelpPage : renderForgotPage)(
        ctx, deps.renderer, { csrfToken: csrf(ctx), email: email ?? (form.success ? form.data.email : ''), interaction, error, language: shownIn }, status);
      if (!email) {
        return again(refusals.invalidEmail, 400);
      }
      const verdict = await deps.requestThrottle.check(email, ctx.ip);
      if (!verdict.allowed) {
        return again(throttled(verdict, shownIn), 429);
      }
      const organization = await deps.companySignInDomain(email);
      if (organization) {
        // Said of the whole domain, which home-realm discovery shows anyway: nothing about any account.
        return renderCompanySignInPage(ctx, deps.renderer, { organization, email, interaction, language: language(ctx) });
      }
      const wait = await resendWait(email);
      if (wait > 0) {
        return again(refusals.resendWait(wait), 429);
      }
      await deps.requestThrottle.fail(email, ctx.ip);
      deps.passwordReset.request(email, interaction ? { interaction } : {}, languageOnceKnown(ctx));
      // Not awaited: whether the address has an account must not show in the time the answer takes.
      void deps.audit.record({ type: 'password.reset_requested', email, request: requestInfo(ctx) });
      const query = new URLSearchParams({ email, ...(interaction ? { interaction } : {}) });
      ctx.status = 303;
      ctx.redirect(`/password/forgot/sent?${query.toString()}`);
    },

    showSent(ctx: Context): void {
      const query = parseQuery(forgotQuery, ctx);
      renderSentPage(ctx, deps.renderer, { email: query.email ?? '', interaction: query.interaction, language: language(ctx), minutes: RESET_MINUTES });
    },

    showHelp(ctx: Context): void {
      const query = parseQuery(forgotQuery, ctx);
      renderHelpPage(ctx, deps.renderer, { csrfToken: csrf(ctx), email: query.email ?? '', interaction: query.interaction, language: DEFAULT_LANGUAGE });
    },

    async showReset(ctx: Context): Promise<void> {
      const { token } = parseQuery(resetQuery, ctx);
      const link = await deps.passwordReset.inspect(token);
      if (link.check.status !== 'valid' || !link.account) {
        await deps.linkThrottle.fail('reset', ctx.ip);
        return renderLinkProblemPage(ctx, deps.renderer, { message: linkProblem(ctx, link.check.status === 'valid' ? 'unknown' : link.check.status), interaction: undefined, language: language(ctx) });
      }
      renderResetPage(ctx, deps.renderer, { csrfToken: csrf(ctx), token, email: link.account.email, signOutEverywhere: true, language: language(ctx) });
    },

    async submitReset(ctx: Context): Promise<void> {
      const verdict = await deps.linkThrottle.check('reset', ctx.ip);
      const form = resetForm.safeParse(ctx.request.body);
      if (!verdict.allowed || !form.success) {
        return renderLinkProblemPage(ctx, deps.renderer, { message: verdict.allowed ? say(ctx).unknown : throttled(verdict, language(ctx)), interaction: undefined, language: language(ctx) });
      }
      const { token, password, confirm } = form.data;
      const signOutEverywhere = form.data.signOutEverywhere === 'yes';
      const retry = async (error: string) => {
        const link = await deps.passwordReset.inspect(token);
        renderResetPage(ctx, deps.renderer, { csrfToken: csrf(ctx), token, email: link.account?.email ?? '', error, signOutEverywhere, language: language(ctx) }, 400);
      };
      if (password !== confirm) {
        return retry(say(ctx).mismatch);
      }
      try {
        const result = await deps.passwordReset.reset(token, password, { signOutEverywhere });
        if (result.check.status !== 'valid') {
          await deps.linkThrottle.fail('reset', ctx.ip);
          return renderLinkProblemPage(ctx, deps.renderer, { message: linkProblem(ctx, result.check.status), interaction: undefined, language: language(ctx) });
        }
        if (result.companySignIn) {
          return renderCompanySignInPage(ctx, deps.renderer, { organization: result.companySignIn, email: result.account?.email ?? '', interaction: undefined, language: language(ctx) });
        }
        await deps.audit.record({
          type: 'password.reset', accountId: result.account?.id, email: result.account?.email, request: requestInfo(ctx), details: { signOutEverywhere },
        });
        renderResetDonePage(ctx, deps.renderer, { interaction: result.check.token.context?.['interaction'], signedOutEverywhere: signOutEverywhere, language: language(ctx) });
      } catch (error) {
        if (isAppError(error) && error.code === AccountErrorCode.weakPassword) {
          return retry(error.userMessage ?? error.message);
        }
        throw error;
      }
    },
  };
}

export type RecoveryHandler = ReturnType<typeof createRecoveryHandler>;
