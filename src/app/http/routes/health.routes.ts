/** Liveness, readiness (database reachable and migrated) and Prometheus metrics. */
import { sql } from 'kysely';
import { z } from 'zod';

import { pendingMigrations } from '../../../adapters/db/migrate.js';
import { sendProblem } from '../plugins/error-handler.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const READY_CHECK_TIMEOUT_MS = 2_000;

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      reject(new Error(`no answer within ${ms} ms`));
    }, ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function registerHealthRoutes(app: ZodApp, deps: AppDeps): void {
  app.get(
    '/healthz',
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: {
        tags: ['health'],
        summary: 'The process is up',
        response: { 200: z.object({ status: z.literal('ok') }) },
      },
    },
    () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { access: 'public' },
      logLevel: 'warn',
      schema: { tags: ['health'], summary: 'The database is reachable and migrations are current' },
    },
    async (_request, reply) => {
      try {
        await withTimeout(sql`SELECT 1`.execute(deps.db), READY_CHECK_TIMEOUT_MS);
        const pending = await withTimeout(pendingMigrations(deps.db), READY_CHECK_TIMEOUT_MS);
        if (pending.length > 0) {
          return await sendProblem(reply, 'database_unavailable', `migrations not applied: ${pending.join(', ')}`, {
            retryAfterSeconds: 5,
          });
        }
        return await reply.send({ status: 'ready' });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return sendProblem(reply, 'database_unavailable', `database check failed: ${reason}`, { retryAfterSeconds: 5 });
      }
    },
  );

  app.get(
    '/metrics',
    { config: { access: 'public' }, logLevel: 'warn', schema: { tags: ['health'], summary: 'Prometheus metrics' } },
    async (_request, reply) => reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()),
  );
}
