/** Counts shown as badges in the navigation. */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

import type { AppDeps } from '../../deps.js';
import { anyUser } from '../plugins/auth.js';

export function navRoutes(_deps: AppDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/api/nav/counts',
      {
        config: { access: anyUser },
        schema: {
          tags: ['navigation'],
          summary: 'Badge counts for the navigation',
          response: { 200: z.object({ reviewQueue: z.number().int() }) },
        },
      },
      // The review queue arrives with the sync feature; until then nothing can be waiting.
      () => ({ reviewQueue: 0 }),
    );
  };
}
