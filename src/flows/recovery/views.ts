import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';

export interface ForgotPage {
  readonly csrfToken: string;
  readonly email: string;
  readonly interaction: string | undefined;
  readonly error?: string | undefined;
}

const withInteraction = (path: string, interaction: string | undefined, email?: string) => {
  const query = new URLSearchParams();
  if (interaction) {
    query.set('interaction', interaction);
  }
  if (email) {
    query.set('email', email);
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
};

export function renderForgotPage(ctx: Context, renderer: Renderer, page: ForgotPage, status = 200): void {
  sendPage(ctx, renderer.render('forgot-password', { title: 'Forgot password' }, {
    ...page, action: '/password/forgot', backUrl: page.interaction ? `/interaction/${page.interaction}` : undefined,
  }), { status });
}

export function renderSentPage(ctx: Context, renderer: Renderer, page: { email: string; interaction: string | undefined }): void {
  sendPage(ctx, renderer.render('forgot-password-sent', { title: 'Check your email' }, {
    ...page,
    helpUrl: withInteraction('/password/forgot/help', page.interaction, page.email),
    backUrl: page.interaction ? `/interaction/${page.interaction}` : undefined,
  }));
}

export function renderHelpPage(ctx: Context, renderer: Renderer, page: ForgotPage, status = 200): void {
  sendPage(ctx, renderer.render('forgot-password-help', { title: "Why didn't I get my Reset Password email?" }, {
    ...page, action: '/password/forgot',
  }), { status });
}

export interface ResetPage {
  readonly csrfToken: string;
  readonly token: string;
  readonly email: string;
  readonly error?: string | undefined;
  readonly signOutEverywhere: boolean;
}

export function renderResetPage(ctx: Context, renderer: Renderer, page: ResetPage, status = 200): void {
  sendPage(ctx, renderer.render('reset-password', { title: 'Create a new password' }, { ...page, action: '/password/reset' }), { status });
}

export function renderResetDonePage(ctx: Context, renderer: Renderer, page: { interaction: string | undefined; signedOutEverywhere: boolean }): void {
  sendPage(ctx, renderer.render('reset-password-done', { title: 'Password changed' }, {
    ...page, continueUrl: page.interaction ? `/interaction/${page.interaction}` : undefined,
  }));
}

export function renderLinkProblemPage(ctx: Context, renderer: Renderer, page: { message: string; interaction: string | undefined }): void {
  sendPage(ctx, renderer.render('reset-password-link', { title: 'Reset link' }, {
    ...page, forgotUrl: withInteraction('/password/forgot', page.interaction),
  }), { status: 410 });
}

export function renderCompanySignInPage(ctx: Context, renderer: Renderer, page: { organization: string; email: string; interaction: string | undefined }): void {
  sendPage(ctx, renderer.render('company-sign-in', { title: 'Company sign-in' }, {
    ...page, backUrl: page.interaction ? `/interaction/${page.interaction}?email=${encodeURIComponent(page.email)}` : undefined,
  }));
}
