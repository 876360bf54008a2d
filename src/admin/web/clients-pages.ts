// The Applications section: the organization's OAuth clients, created, edited, given a new secret (shown
// once, on the page that answers the action), deleted.
import type { Context } from 'koa';

import { CLIENT_TYPES, type ClientSummary, type ClientType } from '../../clients/organization-clients.js';
import type { Renderer } from '../../http/render/renderer.js';
import type { AdminServices } from '../admin-services.js';
import type { AdminPrincipal } from './admin-guard.js';
import { renderAdminPage } from './admin-views.js';
import { clientEditForm, clientForm, formProblem } from './forms.js';
import { attempt } from './page-errors.js';

const TYPE_LABELS: Record<ClientType, string> = {
  web: 'Web application (server side)', spa: 'Single-page application', native: 'Mobile or desktop application', service: 'Service (no user)',
  device: 'Device without a browser (TV, command line): signs in with a code',
};

const clientUrl = (id: string) => `/admin/clients/${encodeURIComponent(id)}`;

export function createClientsPages(deps: { services: AdminServices; renderer: Renderer }) {
  const { clients } = deps.services;

  const showList = async (ctx: Context, principal: AdminPrincipal, extras: { createError?: string; form?: object; status?: number } = {}) => {
    const list = await clients.list(principal.context);
    const form = (extras.form ?? {}) as { type?: string };
    renderAdminPage(ctx, deps.renderer, {
      principal, section: 'clients', template: 'clients', title: 'Applications', status: extras.status,
      model: {
        notice: ctx.query['done'] === 'deleted' ? 'The client is deleted: its tokens stop working.' : undefined,
        createError: extras.createError, form: extras.form ?? {},
        clients: list.map((client) => ({ ...client, typeLabel: TYPE_LABELS[client.type], url: clientUrl(client.clientId) })),
        types: CLIENT_TYPES.map((value) => ({ value, label: TYPE_LABELS[value], selected: value === (form.type ?? 'web') })),
      },
    });
  };

  const showClient = async (ctx: Context, principal: AdminPrincipal, client: ClientSummary,
    extras: { secret?: string | undefined; error?: string; notice?: string; status?: number } = {}) => {
    renderAdminPage(ctx, deps.renderer, {
      principal, section: 'clients', template: 'client', title: client.name, status: extras.status,
      model: {
        ...client, ...extras, typeLabel: TYPE_LABELS[client.type],
        service: client.type === 'service' || client.type === 'device', authorizationCode: !['service', 'device'].includes(client.type),
        form: {
          name: client.name, redirectUris: client.redirectUris.join('\n'), postLogoutRedirectUris: client.postLogoutRedirectUris.join('\n'),
          requirePar: client.requirePar, requireDpop: client.requireDpop, requireSignedRequestObject: client.requireSignedRequestObject, tokenExchange: client.tokenExchange,
          backchannelLogoutUri: client.backchannelLogoutUri ?? '', frontchannelLogoutUri: client.frontchannelLogoutUri ?? '',
        },
        saveAction: clientUrl(client.clientId), rotateAction: `${clientUrl(client.clientId)}/rotate-secret`, deleteAction: `${clientUrl(client.clientId)}/delete`,
      },
    });
  };
  const id = (ctx: Context) => String(ctx['params'].id);

  return {
    list: (ctx: Context, principal: AdminPrincipal) => showList(ctx, principal),

    async create(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const form = clientForm.safeParse(ctx.request.body);
      if (!form.success) {
        return showList(ctx, principal, { createError: formProblem(form.error), status: 400 });
      }
      let created: Awaited<ReturnType<typeof clients.create>> | undefined;
      const failure = await attempt(async () => {
        created = await clients.create(principal.context, form.data);
      });
      if (failure || !created) {
        const echo = { ...form.data, redirectUris: form.data.redirectUris.join('\n'), postLogoutRedirectUris: form.data.postLogoutRedirectUris.join('\n') };
        return showList(ctx, principal, { createError: failure?.error, form: echo, status: failure?.status });
      }
      // The answer shows the secret once; it is not in any address, so reloading does not show it again.
      return showClient(ctx, principal, created.client, { secret: created.secret, notice: 'Client created.', status: 201 });
    },

    show: async (ctx: Context, principal: AdminPrincipal) => showClient(ctx, principal, await clients.get(principal.context, id(ctx)),
      { notice: ctx.query['done'] === 'saved' ? 'Client saved.' : undefined }),

    async save(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const form = clientEditForm.safeParse(ctx.request.body);
      const client = await clients.get(principal.context, id(ctx));
      if (!form.success) {
        return showClient(ctx, principal, client, { error: formProblem(form.error), status: 400 });
      }
      const failure = await attempt(async () => {
        await clients.update(principal.context, client.clientId, form.data);
      });
      if (failure) {
        return showClient(ctx, principal, client, failure);
      }
      ctx.status = 303;
      ctx.redirect(`${clientUrl(client.clientId)}?done=saved`);
    },

    async rotateSecret(ctx: Context, principal: AdminPrincipal): Promise<void> {
      const client = await clients.get(principal.context, id(ctx));
      let secret: string | undefined;
      const failure = await attempt(async () => {
        secret = (await clients.rotateSecret(principal.context, client.clientId)).secret;
      });
      return showClient(ctx, principal, client, failure ?? { secret, notice: 'New secret made: the old one no longer works.' });
    },

    async delete(ctx: Context, principal: AdminPrincipal): Promise<void> {
      await clients.delete(principal.context, id(ctx));
      ctx.status = 303;
      ctx.redirect('/admin/clients?done=deleted');
    },
  };
}

export type ClientsPages = ReturnType<typeof createClientsPages>;
