import type { Context } from 'koa';

import type { LayoutBrand } from '../../http/render/brand.js';
import type { Renderer } from '../../http/render/renderer.js';
import type { Language } from '../../i18n/languages.js';
import { languagePicker } from '../../i18n/request-language.js';
import { sendPage } from '../../http/render/send-page.js';

/**
 * The page in between. When the company's sign-in is the only way in ('Enterprise SSO only'), it goes on
 * by itself (a meta refresh; Continue by hand). Otherwise the user chooses: Continue, or 'Use my password
 * instead' (Keycloak's 'Try another way'), offered for every email of the domain alike, so that the page
 * does not tell who has an account or a password.
 */
export function renderRedirectPage(ctx: Context, renderer: Renderer, page: {
  uid: string; organization: string; email: string; ssoOnly: boolean; brand: LayoutBrand | undefined; language: Language; uiLocales?: unknown;
}): void {
  const startUrl = `/interaction/${page.uid}/sso/start`;
  const t = renderer.messages(page.language, 'sso.redirect');
  const sentence = (key: string) => renderer.markup(page.language, `sso.redirect.${key}`, { organization: page.organization, email: page.email }, ['email']);
  sendPage(ctx, renderer.render('sso-redirect', {
    title: t['title']!, brand: page.brand, language: page.language,
    // A page that goes on by itself has no time for a picker.
    ...(page.ssoOnly ? { refreshUrl: startUrl } : { languagePicker: languagePicker(`/interaction/${page.uid}/sso`, page.uiLocales) }),
  }, {
    ...page, t, startUrl, sentence: sentence(page.ssoOnly ? 'automatic' : 'choice'), changeEmailUrl: `/interaction/${page.uid}?email=${encodeURIComponent(page.email)}`,
    passwordUrl: page.ssoOnly ? undefined : `/interaction/${page.uid}/login/password`,
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
