import type { Context } from 'koa';

import type { Language } from './languages.js';
import { applicationLanguage, LANGUAGE_COOKIE, negotiateLanguage } from './negotiate-language.js';

/**
 * The language of this request's page: `uiLocales` (an authorization request's), the cookie, the
 * language `account` saved (when the user is known), the browser's.
 */
export function requestLanguage(ctx: Context, uiLocales?: unknown, account?: string | null): Language {
  return languageOnceKnown(ctx, uiLocales)(account);
}

/**
 * What this request asks for, read now, and the language it gives once the account's saved one is known
 * (for an email sent after the answer has gone).
 */
export function languageOnceKnown(ctx: Context, uiLocales?: unknown): (account?: string | null) => Language {
  const asked = { uiLocales, cookie: ctx.cookies.get(LANGUAGE_COOKIE), acceptLanguage: ctx.get('accept-language') };
  return (account) => negotiateLanguage({ ...asked, account });
}

/** The layout's language picker, coming back to `returnTo`; none when the application chose the language. */
export function languagePicker(returnTo: string, uiLocales?: unknown): { readonly returnTo: string } | undefined {
  return applicationLanguage(uiLocales) ? undefined : { returnTo };
}
