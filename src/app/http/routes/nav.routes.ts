/** Counts shown as badges in the navigation. */
import { navCountsSchema } from '../../../contract/auth.contract.js';
import { reviewCount } from '../../use-cases/sync/review.js';
import { anyUser, currentUser } from '../plugins/auth.js';
import { routeGroup } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerNavRoutes(app: ZodApp, deps: AppDeps): void {
  const signedIn = routeGroup(app, { tags: ['navigation'], access: anyUser });
  signedIn.get('/api/nav/counts', {
    summary: 'Badge counts for the navigation',
    response: { 200: navCountsSchema },
    handler: async (request) => ({ reviewQueue: await reviewCount(deps, currentUser(request)) }),
  });
}
