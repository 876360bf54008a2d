import { z } from 'zod';

export const callbackQuery = z.object({
  state: z.string().max(128).catch(''),
  code: z.string().max(4096).optional().catch(undefined),
  error: z.string().max(128).optional().catch(undefined),
  error_description: z.string().max(512).optional().catch(undefined),
});
