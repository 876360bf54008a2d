import type { Renderer } from '../../http/render/renderer.js';
import { DEFAULT_LANGUAGE, type Language } from '../../i18n/languages.js';
import { sharedTranslator } from '../../i18n/translator.js';

export const LoginErrorCode = {
  invalidEmail: 'invalid_email',
  invalidCredentials: 'invalid_credentials',
  throttled: 'throttled',
} as const;

/**
 * What the sign-in pages say when they refuse, in the page's language (the catalogues' login.errors).
 * invalidCredentials is the same whether the account exists or not; suspended is said only after the right
 * password, so it reveals nothing to someone guessing. Each is looked up when it is said (getters): a
 * sign-in that is not refused looks up none.
 */
export function loginMessages(renderer: Pick<Renderer, 'message'>, language: Language = DEFAULT_LANGUAGE) {
  const say = (key: string, values?: Record<string, string | number>) => renderer.message(language, `login.errors.${key}`, values);
  return {
    get invalidEmail() { return say('invalidEmail'); },
    get invalidCredentials() { return say('invalidCredentials'); },
    get missingPassword() { return say('missingPassword'); },
    get suspended() { return say('suspended'); },
    get passkeyExpired() { return say('passkeyExpired'); },
    get passkeyUnknown() { return say('passkeyUnknown'); },
    get passkeyNotVerified() { return say('passkeyNotVerified'); },
    get passkeyCloned() { return say('passkeyCloned'); },
    passkeyOtherAccount: (email: string) => say('passkeyOtherAccount', { email }),
    get passkeyWithoutUserVerification() { return say('passkeyWithoutUserVerification'); },
    ssoOnly: (organization: string) => say('ssoOnly', { organization }),
    wait: (seconds: number) => say('wait', { count: seconds }),
    blocked: (minutes: number) => say('blocked', { count: minutes }),
  };
}

export type LoginMessages = ReturnType<typeof loginMessages>;

let english: LoginMessages | undefined;

/** Too many attempts: how long to wait, or that signing in from here is blocked; English on pages not translated yet. */
export function throttleMessage(verdict: { blocked: boolean; retryAfterSeconds: number }, messages?: LoginMessages): string {
  const say = messages ?? (english ??= loginMessages(sharedTranslator()));
  return verdict.blocked ? say.blocked(Math.ceil(verdict.retryAfterSeconds / 60)) : say.wait(verdict.retryAfterSeconds);
}
