import { z } from 'zod';

import { SOCIAL_PROVIDERS } from '../../federation/social/social-provider.js';

export const providerParams = z.object({ provider: z.enum(SOCIAL_PROVIDERS) });

/** The answer of a provider; only the state is ours to read here, the rest goes to the provider's checks. */
export const callbackQuery = z.object({
  state: z.string().max(128).catch(''),
  posted: z.literal('1').optional().catch(undefined),
}).passthrough();

export const postedAnswer = z.record(z.string().max(64), z.string().max(16_384));
