import { z } from 'zod';

export const verifyForm = z.discriminatedUnion('action', [
  z.object({ action: z.literal('code'), code: z.string().max(32).transform((code) => code.replace(/\s+/g, '')) }),
  z.object({ action: z.literal('continue') }),
  z.object({ action: z.literal('resend') }),
]);

export const linkQuery = z.object({ token: z.string().max(128) });
