// PostgreSQL for benchmarks: DATABASE_URL's server, or an embedded one in a temp dir; a fresh migrated database each.
import { randomBytes } from 'node:crypto';

import { dropDatabase, ensureDatabase, withDatabaseName } from '../src/adapters/db/admin.js';
import { migrateToLatest } from '../src/adapters/db/migrate.js';
import { openDatabase } from '../src/adapters/db/pool.js';
import { startPgServer } from '../test/helpers/pg-server.js';

import type { DatabaseHandle } from '../src/adapters/db/pool.js';
import type { TestDatabase } from '../test/helpers/db.js';

export type BenchDatabase = {
  /** URL of the fresh database. */
  readonly url: string;
  readonly handle: DatabaseHandle;
  /** Closes the pool, drops the database and stops the embedded server (if one was started). */
  close(): Promise<void>;
};

/** A freshly migrated database with its own name, on DATABASE_URL's server or a new embedded one. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const server = await startPgServer('crmhub-bench-pg-');
  const serverUrl = server.url;
  const name = `crmhub_bench_${randomBytes(5).toString('hex')}`;
  try {
    await ensureDatabase(serverUrl, name);
  } catch (error) {
    await server.stop();
    throw error;
  }
  const url = withDatabaseName(serverUrl, name);
  const handle = openDatabase(url);
  await migrateToLatest(handle.db);
  return {
    url,
    handle,
    async close() {
      await handle.close();
      await dropDatabase(serverUrl, name);
      await server.stop();
    },
  };
}

/** A fresh bench database in the shape the test helpers take (startTestServer, startSyncWorld). */
export async function createBenchTestDatabase(): Promise<TestDatabase> {
  const bench = await createBenchDatabase();
  return {
    url: bench.url,
    db: bench.handle.db,
    open() {
      const extra = openDatabase(bench.url);
      return { db: extra.db, close: () => extra.close() };
    },
    close: () => bench.close(),
  };
}
