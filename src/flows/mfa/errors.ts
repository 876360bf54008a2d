import type { Renderer } from '../../http/render/renderer.js';
import type { Language } from '../../i18n/languages.js';

/** What the two-step page says when a code is refused, in the page's language (the catalogues' mfa.errors). */
export function mfaMessages(renderer: Pick<Renderer, 'message'>, language: Language) {
  const say = (key: string) => renderer.message(language, `mfa.errors.${key}`);
  return {
    get wrongCode() { return say('wrongCode'); },
    get replayed() { return say('replayed'); },
    get wrongRecoveryCode() { return say('wrongRecoveryCode'); },
  };
}

/** Wrong codes allowed before the sign-in ends. */
export const MAX_MFA_FAILURES = 5;
