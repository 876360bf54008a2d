import { z } from 'zod';

export const consentForm = z.object({
  decision: z.enum(['allow', 'deny']),
});
