import type { Renderer } from '../../http/render/renderer.js';
import type { Language } from '../../i18n/languages.js';

/** What the password reset pages say when they refuse, in the page's language (the catalogues' recovery.errors). */
export function recoveryMessages(renderer: Pick<Renderer, 'message'>, language: Language) {
  const say = (key: string, values?: Record<string, number>) => renderer.message(language, `recovery.errors.${key}`, values);
  return {
    get invalidEmail() { return say('invalidEmail'); },
    get mismatch() { return say('mismatch'); },
    resendWait: (seconds: number) => say('resendWait', { count: seconds }),
    get expired() { return say('expired'); },
    get used() { return say('used'); },
    get unknown() { return say('unknown'); },
  };
}
