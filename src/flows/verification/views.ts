import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import type { Language } from '../../i18n/languages.js';
import { languagePicker } from '../../i18n/request-language.js';
import { sendPage } from '../../http/render/send-page.js';
import type { InteractionClient } from '../interaction/interaction-context.js';

export interface CheckEmailPage {
  readonly uid: string;
  readonly csrfToken: string;
  readonly client: InteractionClient;
  readonly email: string;
  readonly error?: string | undefined;
  /** No way on from here: only starting again. */
  readonly ended?: boolean | undefined;
  /** Good news, such as a new email sent. */
  readonly notice?: string | undefined;
  readonly language: Language;
  /** The application's ui_locales: when it names a language, the page offers no other. */
  readonly uiLocales?: unknown;
}

export function renderCheckEmailPage(ctx: Context, renderer: Renderer, page: CheckEmailPage, status = 200): void {
  const t = renderer.messages(page.language, 'verification.page');
  sendPage(ctx, renderer.render('verify-login', {
    title: t['title']!, language: page.language, languagePicker: languagePicker(`/interaction/${page.uid}/verify`, page.uiLocales),
  }, {
    ...page,
    t,
    sent: renderer.markup(page.language, 'verification.page.sent', { email: page.email }, ['email']),
    action: `/interaction/${page.uid}/verify`,
    statusUrl: `/interaction/${page.uid}/verify/status`,
    restartUrl: `/interaction/${page.uid}`,
  }), { status, formTargets: page.client.redirectUri ? [page.client.redirectUri] : [] });
}

export function renderLinkPage(ctx: Context, renderer: Renderer, page: { csrfToken: string; token: string }): void {
  sendPage(ctx, renderer.render('verify-link', { title: 'Verify your login' }, { ...page, action: '/login/verify' }));
}

export function renderVerifiedPage(ctx: Context, renderer: Renderer): void {
  sendPage(ctx, renderer.render('verify-done', { title: 'Login verified' }, {}));
}

export function renderLinkExpiredPage(ctx: Context, renderer: Renderer, message: string): void {
  sendPage(ctx, renderer.render('error', { title: 'Link expired' }, { heading: 'This link does not work any more', message, code: 'link_expired' }),
    { status: 410 });
}
