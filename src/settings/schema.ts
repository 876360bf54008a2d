import { z } from 'zod';

export const accountQuery = z.object({
  done: z.enum(['password', 'device', 'devices', 'activated']).optional().catch(undefined),
  activated: z.literal('1').optional().catch(undefined),
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
