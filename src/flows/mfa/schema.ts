import { z } from 'zod';

export const mfaQuery = z.object({ method: z.enum(['totp', 'recovery']).catch('totp') });

export const mfaForm = z.object({
  method: z.enum(['totp', 'recovery']),
  code: z.string().max(64).transform((code) => code.trim()),
});
