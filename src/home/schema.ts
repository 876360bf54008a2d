import { z } from 'zod';

export const firstAdministratorForm = z.object({
  email: z.string().max(254),
  name: z.string().trim().max(100).optional(),
  password: z.string().max(1024),
  confirm: z.string().max(1024),
});
