import type { Renderer } from '../../http/render/renderer.js';
import { DEFAULT_LANGUAGE, type Language } from '../../i18n/languages.js';

/**
 * What login verification's pages say, in the page's language (the catalogues' verification.errors); the
 * link's own pages are in English so far. Each is looked up when it is said.
 */
export function verificationMessages(renderer: Pick<Renderer, 'message'>, language: Language = DEFAULT_LANGUAGE) {
  const say = (key: string, values?: Record<string, number>) => renderer.message(language, `verification.errors.${key}`, values);
  return {
    get wrongCode() { return say('wrongCode'); },
    get exhausted() { return say('exhausted'); },
    get expired() { return say('expired'); },
    get notYet() { return say('notYet'); },
    get resent() { return say('resent'); },
    resendWait: (seconds: number) => say('resendWait', { count: seconds }),
    get resendLimit() { return say('resendLimit'); },
    get linkExpired() { return say('linkExpired'); },
  };
}
