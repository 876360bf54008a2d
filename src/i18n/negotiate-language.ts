// Which language a page is in: OIDC's ui_locales (the application's choice for this sign-in), then the
// language cookie (the user's choice on this browser, from the pages' picker), then the language saved on
// the account (once it is known), then the browser's Accept-Language, then English. A tag is
// matched exactly (pt-BR), then by its language alone (pt-PT and pt find pt-BR; de-AT finds de).
import { DEFAULT_LANGUAGE, LANGUAGES, type Language } from './languages.js';

export const LANGUAGE_COOKIE = 'lang';

/** The supported language for one BCP 47 tag, if any. */
export function supportedLanguage(tag: string): Language | undefined {
  const wanted = tag.trim().toLowerCase();
  if (!/^[a-z]{2,3}(-[a-z0-9]{1,8})*$/.test(wanted)) {
    return undefined;
  }
  const exact = LANGUAGES.find((language) => language.toLowerCase() === wanted);
  const base = wanted.split('-')[0];
  return exact ?? LANGUAGES.find((language) => language.toLowerCase() === base || language.toLowerCase().split('-')[0] === base);
}

/** Accept-Language's tags, most wanted first (q=0 is 'not this'). */
function acceptedTags(header: string): string[] {
  return header.split(',').slice(0, 20).map((part, index) => {
    const [tag = '', ...parameters] = part.trim().split(';');
    const q = parameters.map((parameter) => /^\s*q=([01](\.\d{0,3})?)\s*$/.exec(parameter)?.[1]).find((value) => value !== undefined);
    return { tag, q: q === undefined ? 1 : Number(q), index };
  }).filter((entry) => entry.q > 0 && entry.tag !== '*').sort((a, b) => b.q - a.q || a.index - b.index).map((entry) => entry.tag);
}

/** The first of `tags` that is supported. */
function firstSupported(tags: readonly string[]): Language | undefined {
  for (const tag of tags) {
    const language = supportedLanguage(tag);
    if (language) {
      return language;
    }
  }
  return undefined;
}

/** The language an authorization request's ui_locales names, when it names one spoken here. */
export function applicationLanguage(uiLocales: unknown): Language | undefined {
  return typeof uiLocales === 'string' ? firstSupported(uiLocales.split(' ').slice(0, 10)) : undefined;
}

/** `account`: the language the signed-in user saved, after the cookie (a choice made on this browser). */
export function negotiateLanguage(sources: {
  uiLocales?: unknown; cookie?: string | undefined; account?: string | null | undefined; acceptLanguage?: string | undefined;
}): Language {
  return applicationLanguage(sources.uiLocales) ?? firstSupported([
    ...(sources.cookie ? [sources.cookie] : []),
    ...(sources.account ? [sources.account] : []),
    ...acceptedTags(sources.acceptLanguage ?? ''),
  ]) ?? DEFAULT_LANGUAGE;
}
