import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';

export function renderRedirectPage(ctx: Context, renderer: Renderer, page: { uid: string; organization: string; email: string }): void {
  const startUrl = `/interaction/${page.uid}/sso/start`;
  sendPage(ctx, renderer.render('sso-redirect', { title: 'Company sign-in', refreshUrl: startUrl }, {
    ...page, startUrl, changeEmailUrl: `/interaction/${page.uid}?email=${encodeURIComponent(page.email)}`,
  }));
}

export interface SsoErrorPage {
  readonly message: string;
  readonly code: string;
  readonly detail?: string | undefined;
  /** Where to start again: the sign-in page, when it is still there. */
  readonly restartUrl?: string | undefined;
}

export function renderSsoErrorPage(ctx: Context, renderer: Renderer, page: SsoErrorPage, status = 400): void {
  sendPage(ctx, renderer.render('sso-error', { title: 'Company sign-in' }, page), { status });
}
