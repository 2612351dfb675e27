/** Counts shown as badges in the navigation. */
import { navCountsSchema } from '../../../contract/auth.contract.js';
import { reviewCount } from '../../use-cases/sync/review.js';
import { anyUser, currentUser } from '../plugins/auth.js';
import { route } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerNavRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/nav/counts',
    anyUser,
    {
      tags: ['navigation'],
      summary: 'Badge counts for the navigation',
      response: { 200: navCountsSchema },
    },
    async (request) => ({ reviewQueue: await reviewCount(deps, currentUser(request)) }),
  );
}
