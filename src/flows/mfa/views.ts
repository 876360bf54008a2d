import type { Context } from 'koa';

import type { Renderer } from '../../http/render/renderer.js';
import type { Language } from '../../i18n/languages.js';
import { languagePicker } from '../../i18n/request-language.js';
import { sendPage } from '../../http/render/send-page.js';
import type { InteractionClient } from '../interaction/interaction-context.js';

export interface MfaPage {
  readonly uid: string;
  readonly csrfToken: string;
  readonly client: InteractionClient;
  readonly method: 'totp' | 'recovery';
  readonly error?: string | undefined;
  readonly language: Language;
  /** The application's ui_locales: when it names a language, the page offers no other. */
  readonly uiLocales?: unknown;
}

export function renderMfaPage(ctx: Context, renderer: Renderer, page: MfaPage, status = 200): void {
  const t = { ...renderer.messages(page.language, 'login.common'), ...renderer.messages(page.language, 'mfa.page') };
  const path = `/interaction/${page.uid}/mfa?method=${page.method}`;
  sendPage(ctx, renderer.render('mfa', { title: t['title']!, language: page.language, languagePicker: languagePicker(path, page.uiLocales) }, {
    ...page,
    t,
    clientName: page.client.name,
    recovery: page.method === 'recovery',
    action: `/interaction/${page.uid}/mfa`,
    otherMethodUrl: `/interaction/${page.uid}/mfa?method=${page.method === 'recovery' ? 'totp' : 'recovery'}`,
    abortAction: `/interaction/${page.uid}/abort`,
  }), { status, formTargets: page.client.redirectUri ? [page.client.redirectUri] : [] });
}

export function renderMfaRequiredPage(ctx: Context, renderer: Renderer, page: {
  uid: string; csrfToken: string; client: InteractionClient; organization?: string | undefined;
}): void {
  sendPage(ctx, renderer.render('mfa-required', { title: 'Two-step verification required' }, {
    ...page,
    // Who asks for it: the organization (for every application), or this application.
    requiredBy: page.organization ?? page.client.name,
    setupUrl: `/account/two-step/setup?interaction=${encodeURIComponent(page.uid)}`,
    abortAction: `/interaction/${page.uid}/abort`,
  }), { formTargets: page.client.redirectUri ? [page.client.redirectUri] : [] });
}
