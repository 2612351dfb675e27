/** Counts shown as badges in the navigation. */
import { z } from 'zod';

import { anyUser, currentUser } from '../plugins/auth.js';
import { reviewCount } from './review.routes.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerNavRoutes(app: ZodApp, deps: AppDeps): void {
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
    async (request) => ({ reviewQueue: await reviewCount(deps, currentUser(request)) }),
  );
}
