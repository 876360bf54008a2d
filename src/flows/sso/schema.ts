import { z } from 'zod';

export const callbackQuery = z.object({
  state: z.string().max(128).catch(''),
  code: z.string().max(4096).optional().catch(undefined),
  error: z.string().max(128).optional().catch(undefined),
  error_description: z.string().max(512).optional().catch(undefined),
});

/** What an identity provider posts to the Assertion Consumer Service. */
export const acsForm = z.object({
  SAMLResponse: z.string().min(1).max(512 * 1024),
  RelayState: z.string().max(128).catch(''),
});

export const continueQuery = z.object({ state: z.string().max(128).catch('') });

export const unsolicitedQuery = z.object({ token: z.string().max(128).catch('') });
