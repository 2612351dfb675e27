/** Liveness, readiness (database reachable and migrated) and Prometheus metrics. */
import { livenessSchema } from '../../../contract/health.contract.js';
import { authorizeMetrics } from '../../use-cases/metrics.js';
import { liveness, readiness } from '../../use-cases/readiness.js';
import { unwrap } from '../problem.js';
import { routeGroup } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerHealthRoutes(app: ZodApp, deps: AppDeps): void {
  // Probes and scrapes come every few seconds: their request lines are not logged.
  const quiet = routeGroup(app, { tags: ['health'], access: 'public', logLevel: 'warn' });
  quiet.get('/healthz', {
    summary: 'The process is up (and has reached its database within the grace period)',
    response: { 200: livenessSchema },
    handler: () => {
      unwrap(liveness(deps));
      return { status: 'ok' as const };
    },
  });

  quiet.get('/readyz', {
    summary: 'The database is reachable and migrations are current',
    handler: async () => {
      unwrap(await readiness(deps));
      return { status: 'ready' };
    },
  });

  quiet.get('/metrics', {
    summary: 'Prometheus metrics (Authorization: Bearer <CRMHUB_METRICS_TOKEN>)',
    handler: async (request, reply) => {
      unwrap(authorizeMetrics(deps.config, request.headers.authorization));
      return reply.type(deps.metrics.contentType).send(await deps.metrics.metrics());
    },
  });
}
