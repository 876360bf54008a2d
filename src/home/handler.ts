// The landing page at /: what this server is, where things are, the next steps; and on a fresh server, to
// a request from this machine only, a one-time form to create the first administrator.
import type { Context } from 'koa';

import { AccountErrorCode } from '../accounts/account-errors.js';
import type { FirstAdministrator } from '../accounts/first-administrator.js';
import type { TrustedDevices } from '../accounts/trusted-devices.js';
import type { AuditLog } from '../audit/audit-log.js';
import { isAppError } from '../core/app-error.js';
import type { Renderer } from '../http/render/renderer.js';
import { requestInfo } from '../http/request-info.js';
import { deviceContext, ensureDeviceId } from '../flows/interaction/device-cookie.js';
import { isLocalRequest } from './local-request.js';
import { firstAdministratorForm } from './schema.js';
import { renderHomePage, type HomePage } from './views.js';

export interface HomeDeps {
  readonly issuer: string;
  readonly firstAdministrator: FirstAdministrator;
  readonly demoEnabled: boolean;
  readonly audit: Pick<AuditLog, 'record'>;
  readonly devices: Pick<TrustedDevices, 'trust'>;
  readonly renderer: Renderer;
}

export function createHomeHandler(deps: HomeDeps) {
  const page = async (ctx: Context, extra: Partial<HomePage> = {}): Promise<HomePage> => {
    const needed = await deps.firstAdministrator.needed();
    return {
      issuer: deps.issuer, demoEnabled: deps.demoEnabled, csrfToken: String(ctx.state['csrfToken']),
      setup: needed ? (isLocalRequest(ctx) ? 'form' : 'cli') : 'done', ...extra,
    };
  };

  return {
    async show(ctx: Context): Promise<void> {
      renderHomePage(ctx, deps.renderer, await page(ctx, { created: ctx.query['created'] === '1' }));
    },

    async createAdministrator(ctx: Context): Promise<void> {
      const current = await page(ctx);
      if (current.setup !== 'form') {
        // Gone for good once there is an administrator; never offered to another machine.
        return renderHomePage(ctx, deps.renderer, current, current.setup === 'cli' ? 403 : 409);
      }
      const form = firstAdministratorForm.safeParse(ctx.request.body);
      const values = { email: form.success ? form.data.email : '', name: form.success ? form.data.name ?? '' : '' };
      const refuse = (error: string, status: number) => renderHomePage(ctx, deps.renderer, { ...current, form: values, error }, status);
      if (!form.success) {
        return refuse('Fill in every field.', 400);
      }
      if (form.data.password !== form.data.confirm) {
        return refuse('The two passwords are not the same.', 400);
      }
      try {
        const account = await deps.firstAdministrator.create({ email: form.data.email, name: form.data.name, password: form.data.password });
        // The browser on this machine that created the account is theirs: no email to verify its first sign-in.
        await deps.devices.trust(account.id, ensureDeviceId(ctx), deviceContext(ctx));
        await deps.audit.record({
          type: 'account.created', accountId: account.id, email: account.email, request: requestInfo(ctx), details: { firstAdministrator: true },
        });
      } catch (error) {
        if (isAppError(error) && error.expose) {
          const status = error.code === AccountErrorCode.weakPassword || error.code === AccountErrorCode.invalidEmail ? 400 : error.status;
          return refuse(error.userMessage!, status);
        }
        throw error;
      }
      ctx.status = 303;
      ctx.redirect('/?created=1');
    },
  };
}

export type HomeHandler = ReturnType<typeof createHomeHandler>;
