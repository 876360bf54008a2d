// The Provisioning section: SCIM tokens for the organization's identity provider (made, shown once, listed
// with when each was last used, revoked), the SCIM base URL, and how to set it up in Okta and Entra ID.
import type { Context } from 'koa';
import { z } from 'zod';

import type { Renderer } from '../../http/render/renderer.js';
import type { AdminServices } from '../admin-services.js';
import type { AdminPrincipal } from './admin-guard.js';
import { renderAdminPage, when } from './admin-views.js';
import { attempt } from './page-errors.js';

const tokenForm = z.object({ label: z.string().max(200).default('') });

export type ProvisioningPages = ReturnType<typeof createProvisioningPages>;

export function createProvisioningPages(deps: { services: AdminServices; renderer: Renderer }) {
  const { scimTokens } = deps.services;
  const show = async (ctx: Context, principal: AdminPrincipal, extras: { secret?: string; error?: string; notice?: string; status?: number } = {}) => {
    const tokens = await scimTokens.list(principal.context);
    renderAdminPage(ctx, deps.renderer, {
      principal, section: 'provisioning', template: 'provisioning', title: 'Provisioning', status: extras.status,
      model: {
        ...extras, baseUrl: deps.services.scimBaseUrl,
        notice: extras.notice ?? (ctx.query['done'] === 'revoked' ? 'Token revoked: it no longer works.' : undefined),
        tokens: tokens.map((token) => ({
          ...token, created: when(token.createdAt), lastUsed: when(token.lastUsedAt) ?? 'never',
          revokeAction: `/admin/provisioning/tokens/${token.id}/revoke`,
        })),
        hasTokens: tokens.length > 0,
      },
    });
  };
  return {
    show: (ctx: Context, principal: AdminPrincipal) => show(ctx, principal),
    async create(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const form = tokenForm.safeParse(ctx.request.body);
      let secret: string | undefined;
      const failure = await attempt(async () => {
        secret = (await scimTokens.create(principal.context, form.success ? form.data.label : '')).secret;
      });
      // The answer shows the token once; it is in no address, so reloading does not show it again.
      return show(ctx, principal, failure ? { error: failure.error, status: failure.status }
        : { secret: secret!, notice: 'Token made: copy it now, it is not shown again.', status: 201 });
    },
    async revoke(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const failure = await attempt(async () => {
        await scimTokens.revoke(principal.context, String(ctx['params'].id));
      });
      if (failure) {
        return show(ctx, principal, { error: failure.error, status: failure.status });
      }
      ctx.status = 303;
      ctx.redirect('/admin/provisioning?done=revoked');
    },
  };
}
