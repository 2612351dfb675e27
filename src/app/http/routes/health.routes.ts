/** Liveness, readiness (database reachable and migrated) and Prometheus metrics. */
import { livenessSchema } from '../../../contract/health.contract.js';
import { authorizeMetrics } from '../../use-cases/metrics.js';
import { liveness, readiness } from '../../use-cases/readiness.js';
import { unwrap } from '../problem.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerHealthRoutes(app: ZodApp, deps: AppDeps): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: 'The process is up (and has reached its database within the grace period)',
        response: { 200: livenessSchema },
      },
    },
    () => {
      unwrap(liveness(deps));
      return { status: 'ok' as const };
    },
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: { tags: ['health'], summary: 'The database is reachable and migrations are current' },
    },
    async () => {
      unwrap(await readiness(deps));
      return { status: 'ready' };
    },
  );

  app.get(
    '/metrics',
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: { tags: ['health'], summary: 'Prometheus metrics (Authorization: Bearer <CRMHUB_METRICS_TOKEN>)' },
    },
    async (request, reply) => {
      unwrap(authorizeMetrics(deps.config, request.headers.authorization));
      return reply.type(deps.metrics.contentType).send(await deps.metrics.metrics());
    },
  );
}
