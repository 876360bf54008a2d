import type { Context } from 'koa';

import type { Language } from './languages.js';
import { LANGUAGE_COOKIE, negotiateLanguage } from './negotiate-language.js';

/** The language of this request's page: `uiLocales` (an authorization request's), the cookie, the browser's. */
export function requestLanguage(ctx: Context, uiLocales?: unknown): Language {
  return negotiateLanguage({ uiLocales, cookie: ctx.cookies.get(LANGUAGE_COOKIE), acceptLanguage: ctx.get('accept-language') });
}
