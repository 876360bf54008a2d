// The language cookie: the user's choice on this browser, for a year. Set by the pages' picker, by My
// account when a language is saved, and at sign-in from the language the account saved (as Keycloak
// does with its locale cookie), so that the pages that follow speak it. Not signed: it is checked where
// it is read, and all it changes is the language of this browser's pages.
import type { Context } from 'koa';

import type { Language } from './languages.js';
import { LANGUAGE_COOKIE } from './negotiate-language.js';

const YEAR_MS = 365 * 24 * 3600 * 1000;

/** Keeps `language` for this browser's pages; null forgets the choice (the browser's own again). */
export function rememberLanguage(ctx: Context, language: Language | null): void {
  ctx.cookies.set(LANGUAGE_COOKIE, language, {
    signed: false, httpOnly: true, sameSite: 'lax', secure: ctx.secure, path: '/', ...(language ? { maxAge: YEAR_MS } : {}),
  });
}

/** Whether this browser has chosen a language already. */
export function hasLanguageCookie(ctx: Context): boolean {
  return Boolean(ctx.cookies.get(LANGUAGE_COOKIE));
}
