// New-user activation from the invitation email: who invited them, a password to create, and then they
// are signed in, on to My account.
import type { Context } from 'koa';
import type Provider from 'oidc-provider';

import { AccountErrorCode } from '../../accounts/account-errors.js';
import type { Invitations } from '../../accounts/invitations.js';
import { isAppError } from '../../core/app-error.js';
import { epochSeconds, type Clock } from '../../core/clock.js';
import type { AuditLog } from '../../audit/audit-log.js';
import { requestInfo } from '../../http/request-info.js';
import type { Renderer } from '../../http/render/renderer.js';
import { ACR } from '../../provider/acr.js';
import { startSession } from '../../provider/provider-session.js';
import type { AttemptThrottle } from '../../throttling/attempt-throttle.js';
import { throttleMessage } from '../login/errors.js';
import { ActivationMessages } from './errors.js';
import { activationForm, activationQuery } from './schema.js';
import { renderActivationPage, renderActivationProblemPage } from './views.js';
import { parseQuery } from '../../http/input/parse-query.js';

export interface ActivationDeps {
  readonly provider: () => Provider;
  readonly invitations: Invitations;
  readonly linkThrottle: AttemptThrottle;
  readonly sessionTtl: number;
  readonly clock: Clock;
  readonly renderer: Renderer;
  readonly audit: Pick<AuditLog, 'record'>;
}

export function createActivationHandler(deps: ActivationDeps) {
  const csrf = (ctx: Context) => String(ctx.state['csrfToken']);
  const problem = async (ctx: Context, status: 'expired' | 'used' | 'unknown') => {
    await deps.linkThrottle.fail('activation', ctx.ip);
    renderActivationProblemPage(ctx, deps.renderer, ActivationMessages[status]);
  };

  const show = async (ctx: Context, token: string, error?: string) => {
    const link = await deps.invitations.inspect(token);
    if (link.check.status !== 'valid' || !link.account || link.account.status !== 'INVITED') {
      return problem(ctx, link.account?.status === 'ACTIVE' ? 'used' : link.check.status === 'valid' ? 'unknown' : link.check.status);
    }
    renderActivationPage(ctx, deps.renderer, {
      csrfToken: csrf(ctx), token, email: link.account.email, name: link.account.name ?? link.account.email,
      inviter: link.account.invitedBy ?? 'Your administrator', error,
    }, error ? 400 : 200);
  };

  return {
    async show(ctx: Context): Promise<void> {
      await show(ctx, parseQuery(activationQuery, ctx).token);
    },

    async submit(ctx: Context): Promise<void> {
      const verdict = await deps.linkThrottle.check('activation', ctx.ip);
      const form = activationForm.safeParse(ctx.request.body);
      if (!verdict.allowed) {
        return renderActivationProblemPage(ctx, deps.renderer, throttleMessage(verdict));
      }
      if (!form.success) {
        return problem(ctx, 'unknown');
      }
      if (form.data.password !== form.data.confirm) {
        return show(ctx, form.data.token, ActivationMessages.mismatch);
      }
      try {
        const result = await deps.invitations.activate(form.data.token, form.data.password);
        if (result.check.status !== 'valid' || !result.account) {
          return problem(ctx, result.check.status === 'valid' ? 'unknown' : result.check.status);
        }
        await deps.audit.record({ type: 'account.activated', accountId: result.account.id, email: result.account.email, request: requestInfo(ctx) });
        await startSession(ctx, deps.provider(), {
          accountId: result.account.id, amr: ['pwd'], acr: ACR.singleFactor, ttlSeconds: deps.sessionTtl, now: epochSeconds(deps.clock),
        });
        ctx.status = 303;
        ctx.redirect('/account?activated=1');
      } catch (error) {
        if (isAppError(error) && error.code === AccountErrorCode.weakPassword) {
          return show(ctx, form.data.token, error.userMessage);
        }
        throw error;
      }
    },
  };
}

export type ActivationHandler = ReturnType<typeof createActivationHandler>;
