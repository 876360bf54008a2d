import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';

export interface ActivationPage {
  readonly csrfToken: string;
  readonly token: string;
  readonly name: string;
  readonly email: string;
  readonly inviter: string;
  readonly error?: string | undefined;
}

export function renderActivationPage(ctx: Context, renderer: Renderer, page: ActivationPage, status = 200): void {
  sendPage(ctx, renderer.render('activate', { title: 'Activate your account' }, { ...page, action: '/activate' }), { status });
}

export function renderActivationProblemPage(ctx: Context, renderer: Renderer, message: string): void {
  sendPage(ctx, renderer.render('activate-link', { title: 'Invitation link' }, { message, forgotUrl: '/password/forgot' }), { status: 410 });
}
