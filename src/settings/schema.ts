import { z } from 'zod';

import { SOCIAL_PROVIDERS } from '../federation/social/social-provider.js';
import { isLanguage } from '../i18n/languages.js';

export const accountQuery = z.object({
  done: z.enum(['password', 'device', 'devices', 'activated', 'two-step-on', 'two-step-off', 'connected', 'disconnected', 'name', 'session',
  'passkey-added', 'passkey-removed', 'language'])
    .optional().catch(undefined),
  activated: z.literal('1').optional().catch(undefined),
  /** The application the user came from: My account links back to it. */
  client_id: z.string().regex(/^[A-Za-z0-9._:-]{1,128}$/).optional().catch(undefined),
});

export const callbackQuery = z.object({
  state: z.string().max(128).catch(''),
  error: z.string().max(64).optional().catch(undefined),
});

export const passwordForm = z.object({
  current: z.string().max(1024),
  password: z.string().max(1024),
  confirm: z.string().max(1024),
});

export const deviceParams = z.object({ id: z.string().max(64) });
export const sessionParams = z.object({ uid: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/) });
/** One of the languages spoken here; empty: the browser's. */
export const languageForm = z.object({ language: z.union([z.literal(''), z.string().refine(isLanguage)]) });
/** A name of 1 to 100 characters; empty clears it. */
export const nameForm = z.object({ name: z.string().max(100).transform((name) => name.trim()) });

const interaction = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().catch(undefined);

export const setupQuery = z.object({ interaction });
export const confirmForm = z.object({ code: z.string().max(16).transform((code) => code.replace(/\s+/g, '')), interaction });
export const disableForm = z.object({ password: z.string().max(1024), code: z.string().max(64) });

export const providerParams = z.object({ provider: z.enum(SOCIAL_PROVIDERS) });

/** The browser's answer to the passkey ceremony (JSON, checked by the passkey module), and the name for it. */
export const passkeyForm = z.object({
  name: z.string().max(100).transform((name) => name.trim()),
  response: z.string().min(1).max(16_384),
  interaction,
});
export const passkeyParams = z.object({ id: z.string().max(64) });
