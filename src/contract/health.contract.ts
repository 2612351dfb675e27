/** The HTTP contract of the liveness probe. */
import { z } from 'zod';

export const livenessSchema = z.object({ status: z.literal('ok') });
