import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';
import type { Language } from '../../i18n/languages.js';
import { languagePicker } from '../../i18n/request-language.js';

export interface ForgotPage {
  readonly csrfToken: string;
  readonly email: string;
  readonly interaction: string | undefined;
  readonly error?: string | undefined;
  readonly language: Language;
}

/** The reset email's subject, which the 'Check your email' page names. */
const RESET_SUBJECT = 'mail.forgotPassword.subject';

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
  const t = renderer.messages(page.language, 'recovery.forgot');
  sendPage(ctx, renderer.render('forgot-password', {
    title: t['title']!, language: page.language, languagePicker: languagePicker(withInteraction('/password/forgot', page.interaction, page.email)),
  }, {
    ...page, t, action: '/password/forgot', backUrl: page.interaction ? `/interaction/${page.interaction}` : undefined,
  }), { status });
}

export function renderSentPage(ctx: Context, renderer: Renderer, page: { email: string; interaction: string | undefined; language: Language; minutes: number }): void {
  const t = renderer.messages(page.language, 'recovery.sent');
  sendPage(ctx, renderer.render('forgot-password-sent', {
    title: t['title']!, language: page.language, languagePicker: languagePicker(withInteraction('/password/forgot/sent', page.interaction, page.email)),
  }, {
    ...page,
    t,
    body: renderer.markup(page.language, 'recovery.sent.body', {
      email: page.email, productName: renderer.productName, subject: renderer.message(page.language, RESET_SUBJECT), minutes: page.minutes,
    }, ['email']),
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
  readonly language: Language;
}

// The pages a reset link opens have no language picker: their address holds the link's token.
export function renderResetPage(ctx: Context, renderer: Renderer, page: ResetPage, status = 200): void {
  const t = renderer.messages(page.language, 'recovery.reset');
  sendPage(ctx, renderer.render('reset-password', { title: t['title']!, language: page.language }, {
    ...page, t, for: renderer.markup(page.language, 'recovery.reset.for', { email: page.email }, ['email']), action: '/password/reset',
  }), { status });
}

export function renderResetDonePage(ctx: Context, renderer: Renderer, page: { interaction: string | undefined; signedOutEverywhere: boolean; language: Language }): void {
  const t = renderer.messages(page.language, 'recovery.done');
  sendPage(ctx, renderer.render('reset-password-done', { title: t['title']!, language: page.language }, {
    ...page, t, continueUrl: page.interaction ? `/interaction/${page.interaction}` : undefined,
  }));
}

export function renderLinkProblemPage(ctx: Context, renderer: Renderer, page: { message: string; interaction: string | undefined; language: Language }): void {
  const t = renderer.messages(page.language, 'recovery.link');
  sendPage(ctx, renderer.render('reset-password-link', { title: t['title']!, language: page.language }, {
    ...page, t, forgotUrl: withInteraction('/password/forgot', page.interaction),
  }), { status: 410 });
}

export function renderCompanySignInPage(ctx: Context, renderer: Renderer, page: {
  organization: string; email: string; interaction: string | undefined; language: Language;
}): void {
  const t = renderer.messages(page.language, 'recovery.company', { organization: page.organization, productName: renderer.productName });
  sendPage(ctx, renderer.render('company-sign-in', { title: t['title']!, language: page.language }, {
    ...page, t, backUrl: page.interaction ? `/interaction/${page.interaction}?email=${encodeURIComponent(page.email)}` : undefined,
  }));
}
