import { z } from 'zod';

// Generous bounds: the form is checked for shape here, for meaning by the services.
export const identifierForm = z.object({
  email: z.string().max(320),
  remember: z.literal('yes').optional(),
});

export const passwordForm = z.object({
  password: z.string().max(1024),
  /** The page's script found that this browser can make passkeys (for the offer of one after the sign-in). */
  passkeys: z.literal('yes').optional().catch(undefined),
});

export const identifierQuery = z.object({
  email: z.string().max(320).optional(),
});

/** The browser's answer to a passkey sign-in (JSON, checked by the passkey module) and 'Keep me signed in'. */
export const passkeySignInForm = z.object({
  response: z.string().min(1).max(16_384),
  remember: z.literal('yes').optional().catch(undefined),
});
