import type { Context } from 'koa';

import type { LayoutBrand } from '../../http/render/brand.js';
import type { Language } from '../../i18n/languages.js';
import { languagePicker } from '../../i18n/request-language.js';
import type { Renderer } from '../../http/render/renderer.js';
import { sendPage } from '../../http/render/send-page.js';
import type { InteractionClient } from '../interaction/interaction-context.js';

/** A 'Sign in with ...' button of an enabled provider. */
export interface SocialButton {
  readonly name: string;
  readonly label: string;
}

export interface IdentifierPage {
  readonly uid: string;
  readonly csrfToken: string;
  readonly client: InteractionClient;
  readonly social: readonly SocialButton[];
  readonly email: string;
  readonly remember: boolean;
  readonly emailError?: string | undefined;
  readonly passkeyError?: string | undefined;
  /** The look of the organization whose application asks, when it has one. */
  readonly brand?: LayoutBrand | undefined;
  readonly language: Language;
  /** The application's ui_locales: when it names a language, the page offers no other. */
  readonly uiLocales?: unknown;
}

export interface PasswordPage {
  readonly uid: string;
  readonly csrfToken: string;
  readonly client: InteractionClient;
  readonly social: readonly SocialButton[];
  readonly email: string;
  readonly error?: string | undefined;
  /** The company sign-in to use instead ('Enterprise SSO only'). */
  readonly ssoUrl?: string | undefined;
  /** The company sign-in the user chose not to use ('Use my password instead'): a way back to it. */
  readonly companyUrl?: string | undefined;
  /** The look of the email's organization, when it has one. */
  readonly brand?: LayoutBrand | undefined;
  readonly language: Language;
  /** The application's ui_locales: when it names a language, the page offers no other. */
  readonly uiLocales?: unknown;
}

export function renderIdentifierPage(ctx: Context, renderer: Renderer, page: IdentifierPage, status = 200): void {
  const t = { ...renderer.messages(page.language, 'login.common'), ...renderer.messages(page.language, 'login.identifier', { client: page.client.name }) };
  sendPage(ctx, renderer.render('login-identifier', {
    title: t['title']!, brand: page.brand, language: page.language, languagePicker: languagePicker(`/interaction/${page.uid}`, page.uiLocales),
  }, {
    ...page,
    t,
    clientName: page.client.name,
    socialButtons: socialButtons(page),
    action: `/interaction/${page.uid}/login/identifier`,
    passkeyAction: `/interaction/${page.uid}/passkey`,
    passkeyOptionsUrl: `/interaction/${page.uid}/passkey/options`,
    abortAction: `/interaction/${page.uid}/abort`,
  }), { status, formTargets: formTargets(page.client) });
}

export function renderPasswordPage(ctx: Context, renderer: Renderer, page: PasswordPage, status = 200): void {
  const t = { ...renderer.messages(page.language, 'login.common'), ...renderer.messages(page.language, 'login.password') };
  sendPage(ctx, renderer.render('login-password', {
    title: t['title']!, brand: page.brand, language: page.language, languagePicker: languagePicker(`/interaction/${page.uid}/login/password`, page.uiLocales),
  }, {
    ...page,
    t,
    clientName: page.client.name,
    socialButtons: socialButtons(page),
    action: `/interaction/${page.uid}/login/password`,
    abortAction: `/interaction/${page.uid}/abort`,
    changeEmailUrl: `/interaction/${page.uid}?email=${encodeURIComponent(page.email)}`,
    forgotPasswordUrl: `/password/forgot?${new URLSearchParams({ interaction: page.uid, email: page.email }).toString()}`,
  }), { status, formTargets: formTargets(page.client) });
}

export interface PasskeyStepUpPage {
  readonly uid: string;
  readonly csrfToken: string;
  readonly client: InteractionClient;
  /** Who asks for it: the organization (for every application), or this application. */
  readonly requiredBy: string;
  readonly email: string;
  /** Whether the account has a passkey to use; without one, the page offers to add one first. */
  readonly hasPasskeys: boolean;
  readonly error?: string | undefined;
}

/** A signed-in user asked for a phishing-resistant sign-in: their passkey, nothing else. */
export function renderPasskeyStepUpPage(ctx: Context, renderer: Renderer, page: PasskeyStepUpPage, status = 200): void {
  sendPage(ctx, renderer.render('passkey-step-up', { title: 'Confirm with a passkey' }, {
    ...page,
    passkeyAction: `/interaction/${page.uid}/passkey`,
    passkeyOptionsUrl: `/interaction/${page.uid}/passkey/options`,
    // Added on My account, then back here to use it.
    addUrl: `/account/passkeys/add?interaction=${encodeURIComponent(page.uid)}`,
    abortAction: `/interaction/${page.uid}/abort`,
  }), { status, formTargets: formTargets(page.client) });
}

function socialButtons(page: { uid: string; social: readonly SocialButton[] }) {
  return page.social.map((provider) => ({
    ...provider, text: `Sign in with ${provider.label}`, url: `/interaction/${page.uid}/social/${provider.name}`,
  }));
}

/** A finished sign-in redirects to the client: the forms' CSP must allow that destination. */
function formTargets(client: InteractionClient): string[] {
  return client.redirectUri ? [client.redirectUri] : [];
}
