/** Readiness: the database answers within a bound and every migration is applied. */
import { pendingMigrations } from '../../adapters/db/migrate.js';
import { pingDatabase } from '../../adapters/db/pool.js';
import { ok } from '../../core/result.js';
import { fail } from './failure.js';

import type { AppDeps } from '../deps.js';
import type { Outcome } from './failure.js';

const READY_CHECK_TIMEOUT_MS = 2_000;
const RETRY_AFTER_SECONDS = 5;

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

/** Alive, or `database_unavailable` once the database has been out of reach longer than the configured grace. */
export function liveness(deps: Pick<AppDeps, 'databaseWatch' | 'clock' | 'config'>): Outcome<void> {
  const since = deps.databaseWatch?.unavailableSince() ?? null;
  if (since === null) return ok(undefined);
  const seconds = Math.floor((deps.clock().getTime() - since.getTime()) / 1000);
  if (seconds < deps.config.databaseGraceSeconds) return ok(undefined);
  return fail('database_unavailable', `no database for ${seconds} s`, { retryAfterSeconds: RETRY_AFTER_SECONDS });
}

/** Ready, or `database_unavailable` saying why (unreachable, too slow, or migrations not applied). */
export async function readiness(deps: Pick<AppDeps, 'db'>): Promise<Outcome<void>> {
  try {
    await withTimeout(pingDatabase(deps.db), READY_CHECK_TIMEOUT_MS);
    const pending = await withTimeout(pendingMigrations(deps.db), READY_CHECK_TIMEOUT_MS);
    if (pending.length > 0) {
      return fail('database_unavailable', `migrations not applied: ${pending.join(', ')}`, {
        retryAfterSeconds: RETRY_AFTER_SECONDS,
      });
    }
    return ok(undefined);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return fail('database_unavailable', `database check failed: ${reason}`, { retryAfterSeconds: RETRY_AFTER_SECONDS });
  }
}
