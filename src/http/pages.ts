// The pages every part of the server shares: errors, and the ones oidc-provider asks us to draw.
import type { Context } from 'koa';
import type { KoaContextWithOIDC } from 'oidc-provider';

import { createDevicePages } from '../flows/device/device-pages.js';
import { isFirstParty } from '../provider/first-party-grant.js';
import type { ProviderPages } from '../provider/provider-pages.js';
import type { ErrorResponder, ErrorView } from './middleware/error-handler.js';
import type { Renderer } from './render/renderer.js';
import { sendPage } from './render/send-page.js';

interface ErrorPageModel {
  readonly heading: string;
  readonly message: string;
  readonly code: string;
  /** The exact OAuth error description, for whoever built the application. */
  readonly developerDetail?: string;
}

/**
 * What an authorization error means to the person in front of the browser: the application that sent them
 * here is misconfigured or sent a bad request; they can only go back and tell someone. The exact OAuth
 * error stays on the page for the application's developers.
 */
const PLAIN_EXPLANATIONS: Record<string, string> = {
  invalid_client: 'The application that sent you here is not known to this sign-in service. Go back to the application and try again; if it keeps happening, tell whoever runs it.',
  invalid_redirect_uri: 'The application that sent you here asked to return to an address it has not registered, so sign-in stopped to protect you. Tell whoever runs the application.',
  unauthorized_client: 'The application that sent you here is not allowed to sign you in this way. Tell whoever runs the application.',
  invalid_request: 'The application that sent you here made a request this sign-in service cannot accept. Go back to the application and try again.',
  invalid_scope: 'The application that sent you here asked for access this sign-in service does not offer. Tell whoever runs the application.',
  unsupported_response_type: 'The application that sent you here asked for a kind of answer this sign-in service does not give. Tell whoever runs the application.',
};
const DEFAULT_EXPLANATION = 'The application that sent you here made a request this sign-in service cannot accept. Go back to the application and try again.';

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
    device: createDevicePages(renderer),
    error(ctx, out) {
      const model: ErrorPageModel = {
        heading: 'Sign-in could not continue',
        message: PLAIN_EXPLANATIONS[out.error] ?? DEFAULT_EXPLANATION,
        code: out.error,
        // oidc-provider's descriptions are written for developers and carry no secrets.
        ...(out.error_description ? { developerDetail: out.error_description } : {}),
      };
      sendPage(ctx, renderer.render('error', { title: model.heading }, model), { status: ctx.status >= 400 ? ctx.status : 400 });
    },
    logout(ctx, form) {
      const target = postLogoutTarget(ctx);
      sendPage(ctx, renderer.render('logout', { title: 'Sign out' }, {
        form,
        clientName: ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId,
        // One of our own applications, proving with the session's ID token that it is asking (no other
        // site can): sign out at once, as the user asked the application to. Anyone else gets a question.
        atOnce: isFirstParty(ctx.oidc.client) && typeof ctx.oidc.params?.['id_token_hint'] === 'string',
      }), { formTargets: target ? [target] : [] });
    },
    loggedOut(ctx) {
      sendPage(ctx, renderer.render('logged-out', { title: 'Signed out' }, {
        clientName: ctx.oidc.client?.clientName ?? ctx.oidc.client?.clientId,
      }));
    },
    signingOut(ctx, frames, next) {
      sendPage(ctx, renderer.render('signing-out', { title: 'Signing out', refreshUrl: next, refreshDelaySeconds: 5 }, {
        logoutFrames: frames, next,
      }), { frames });
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
