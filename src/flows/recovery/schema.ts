import { z } from 'zod';

const interaction = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/).optional().catch(undefined);

export const forgotQuery = z.object({ interaction, email: z.string().max(320).optional().catch(undefined) });
export const forgotForm = z.object({
  email: z.string().max(320),
  interaction,
  /** Which page sent the form, to show an error on the same page. */
  page: z.enum(['forgot', 'help']).catch('forgot'),
});
export const resetQuery = z.object({ token: z.string().max(128).catch('') });
export const resetForm = z.object({
  token: z.string().max(128),
  password: z.string().max(1024),
  confirm: z.string().max(1024),
  /** A checkbox: present (yes) when checked. */
  signOutEverywhere: z.string().max(8).optional(),
});
