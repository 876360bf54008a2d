// The pages every part of the server shares: errors, and the ones oidc-provider asks us to draw.
import type { Context } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';

import type { ProviderPages } from '../provider/provider-pages.js';
import type { ErrorResponder, ErrorView } from './middleware/error-handler.js';
import type { Renderer } from './render/renderer.js';
import { sendPage } from './render/send-page.js';

interface ErrorPageModel {
  readonly heading: string;
  readonly message: string;
  readonly code: string;
}

export function createErrorResponder(renderer: Renderer): ErrorResponder {
  return (ctx: Context, view: ErrorView) => {
    if (prefersJson(ctx)) {
      ctx.status = view.status;
      ctx.set('Cache-Control', 'no-store');
      ctx.body = { error: view.code, error_description: view.message };
      return;
    }
    const model: ErrorPageModel = { heading: headingFor(view.status), message: view.message, code: view.code };
    sendPage(ctx, renderer.render('error', { title: model.heading }, model), { status: view.status });
  };
}

export function createProviderPages(renderer: Renderer): ProviderPages {
  return {
    error(ctx, out) {
      const model: ErrorPageModel = {
        heading: 'Sign-in could not continue',
        // oidc-provider's descriptions are written for people and carry no secrets.
        message: out.error_description ?? 'The application sent a request this service cannot accept.',
        code: out.error,
      };
      sendPage(ctx, renderer.render('error', { title: model.heading }, model), { status: ctx.status >= 400 ? ctx.status : 400 });
    },
    logout(ctx, form) {
      const target = postLogoutTarget(ctx);
      sendPage(ctx, renderer.render('logout', { title: 'Sign out' }, {
        form,
        clientName: ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId,
      }), { formTargets: target ? [target] : [] });
    },
    loggedOut(ctx) {
      sendPage(ctx, renderer.render('logged-out', { title: 'Signed out' }, {
        clientName: ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId,
      }));
    },
  };
}

function postLogoutTarget(ctx: KoaContextWithOIDC): string | undefined {
  const target = ctx.oidc.params?.['post_logout_redirect_uri'];
  return typeof target === 'string' ? target : undefined;
}

function prefersJson(ctx: Context): boolean {
  return ctx.accepts('html', 'json') === 'json';
}

function headingFor(status: number): string {
  if (status === 404) {
    return 'Page not found';
  }
  return status >= 500 ? 'Something went wrong' : 'This did not work';
}
