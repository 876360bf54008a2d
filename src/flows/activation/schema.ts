import { z } from 'zod';

export const activationQuery = z.object({ token: z.string().max(128).catch('') });
export const activationForm = z.object({
  token: z.string().max(128),
  password: z.string().max(1024),
  confirm: z.string().max(1024),
});
