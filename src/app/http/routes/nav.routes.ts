/** Counts shown as badges in the navigation. */
import { z } from 'zod';

import { anyUser } from '../plugins/auth.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerNavRoutes(app: ZodApp, _deps: AppDeps): void {
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
}
