// 'Two-step verification' on My account: turn it on (a recent sign-in, a QR code and the key, a code to
// confirm, then recovery codes shown once), get new recovery codes, turn it off (password and a code).
import type { Context } from 'koa';
import type Provider from 'oidc-provider';
import QRCode from 'qrcode';

import type { AccountRepository } from '../accounts/account-repository.js';
import type { PasswordHasher } from '../accounts/password-hasher.js';
import type { Clock } from '../core/clock.js';
import type { AuditLog } from '../audit/audit-log.js';
import { requestInfo } from '../http/request-info.js';
import type { Renderer } from '../http/render/renderer.js';
import type { TwoStep } from '../mfa/two-step.js';
import type { AttemptThrottle } from '../throttling/attempt-throttle.js';
import { throttleMessage } from '../flows/login/errors.js';
import { backToAccount, recentlySignedIn as recentlySignedInAccount, redirectToSignIn, signedInAccount, type SignedIn } from './account-session.js';
import { TwoStepMessages } from './errors.js';
import { confirmForm, disableForm, setupQuery } from './schema.js';
import { renderRecoveryCodesPage, renderSetupPage } from './views.js';
import { parseQuery } from '../http/input/parse-query.js';

export interface TwoStepSettingsDeps {
  readonly provider: () => Provider;
  readonly issuer: string;
  readonly repository: Pick<AccountRepository, 'findById'>;
  readonly hasher: PasswordHasher;
  readonly twoStep: TwoStep;
  readonly throttle: AttemptThrottle;
  readonly clock: Clock;
  readonly renderer: Renderer;
  readonly audit: Pick<AuditLog, 'record'>;
}

export function createTwoStepSettingsHandler(deps: TwoStepSettingsDeps) {
  const csrf = (ctx: Context) => String(ctx.state['csrfToken']);
  const recentlySignedIn = (ctx: Context, returnTo: string) => recentlySignedInAccount(ctx, deps, returnTo);
  const showSetup = async (ctx: Context, found: SignedIn, interaction: string | undefined, error?: string) => {
    const enrolment = await deps.twoStep.enrolment(found.account);
    const svg = await QRCode.toString(enrolment.uri, { type: 'svg', margin: 1, width: 200, errorCorrectionLevel: 'M' });
    renderSetupPage(ctx, deps.renderer, {
      csrfToken: csrf(ctx), interaction, error, secret: enrolment.secret,
      qrDataUri: `data:image/svg+xml;base64,${Buffer.from(svg).toString('base64')}`,
    }, error ? 400 : 200);
  };
  return {
    async showSetup(ctx: Context): Promise<void> {
      const { interaction } = parseQuery(setupQuery, ctx);
      const found = await recentlySignedIn(ctx, `/account/two-step/setup${interaction ? `?interaction=${interaction}` : ''}`);
      if (!found) {
        return;
      }
      if (await deps.twoStep.isEnabled(found.account.id)) {
        return backToAccount(ctx, 'two-step-on');
      }
      await showSetup(ctx, found, interaction);
    },

    async confirm(ctx: Context): Promise<void> {
      const form = confirmForm.safeParse(ctx.request.body);
      const interaction = form.success ? form.data.interaction : undefined;
      const found = await recentlySignedIn(ctx, '/account/two-step/setup');
      if (!found) {
        return;
      }
      const result = await deps.twoStep.confirm(found.account, form.success ? form.data.code : '');
      if (typeof result === 'string') {
        return showSetup(ctx, found, interaction, result === 'replayed' ? TwoStepMessages.replayed : TwoStepMessages.wrongCode);
      }
      await deps.audit.record({ type: 'two_step.enabled', accountId: found.account.id, email: found.account.email, request: requestInfo(ctx) });
      renderRecoveryCodesPage(ctx, deps.renderer, {
        codes: result, justEnabled: true, continueUrl: interaction ? `/interaction/${interaction}` : '/account?done=two-step-on',
      });
    },

    async regenerate(ctx: Context): Promise<void> {
      const found = await recentlySignedIn(ctx, '/account');
      if (found) {
        const codes = await deps.twoStep.regenerateRecoveryCodes(found.account.id);
        await deps.audit.record({
          type: 'two_step.recovery_codes_regenerated', accountId: found.account.id, email: found.account.email, request: requestInfo(ctx),
        });
        renderRecoveryCodesPage(ctx, deps.renderer, { codes, justEnabled: false, continueUrl: '/account' });
      }
    },

    async disable(ctx: Context, showAccount: (found: SignedIn, twoStepError: string, status: number) => Promise<void>): Promise<void> {
      const found = await signedInAccount(ctx, deps.provider(), deps.repository);
      if (!found) {
        return redirectToSignIn(ctx, deps.issuer);
      }
      const { account } = found;
      const verdict = await deps.throttle.check(account.email, ctx.ip);
      if (!verdict.allowed) {
        return showAccount(found, throttleMessage(verdict), 429);
      }
      const form = disableForm.safeParse(ctx.request.body);
      const passwordOk = form.success && account.passwordHash !== null && (await deps.hasher.verify(account.passwordHash, form.data.password));
      const code = form.success ? form.data.code.replace(/\s+/g, '') : '';
      const codeOk = passwordOk && ((await deps.twoStep.verifyCode(account.id, code)) === 'ok' || (await deps.twoStep.useRecoveryCode(account.id, code)));
      if (!passwordOk || !codeOk) {
        await deps.throttle.fail(account.email, ctx.ip);
        return showAccount(found, TwoStepMessages.cannotDisable, 401);
      }
      await deps.throttle.succeed(account.email, ctx.ip);
      await deps.twoStep.disable(account.id);
      await deps.audit.record({ type: 'two_step.disabled', accountId: account.id, email: account.email, request: requestInfo(ctx) });
      backToAccount(ctx, 'two-step-off');
    },
  };
}

export type TwoStepSettingsHandler = ReturnType<typeof createTwoStepSettingsHandler>;
