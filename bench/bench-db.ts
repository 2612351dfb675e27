// PostgreSQL for benchmarks: DATABASE_URL's server, or an embedded one in a temp dir; a fresh migrated database each.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { dropDatabase, ensureDatabase, withDatabaseName } from '../src/adapters/db/admin.js';
import { startEmbeddedDatabase } from '../src/adapters/db/embedded.js';
import { migrateToLatest } from '../src/adapters/db/migrate.js';
import { openDatabase } from '../src/adapters/db/pool.js';

import type { DatabaseHandle } from '../src/adapters/db/pool.js';

export type BenchDatabase = {
  /** URL of the fresh database. */
  readonly url: string;
  readonly handle: DatabaseHandle;
  /** Closes the pool, drops the database and stops the embedded server (if one was started). */
  close(): Promise<void>;
};

/** A freshly migrated database with its own name, on DATABASE_URL's server or a new embedded one. */
export async function createBenchDatabase(): Promise<BenchDatabase> {
  const external = process.env['DATABASE_URL'];
  let serverUrl: string;
  let stopServer = (): Promise<void> => Promise.resolve();
  if (external !== undefined && external !== '') {
    serverUrl = external;
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'crmhub-bench-pg-'));
    const embedded = await startEmbeddedDatabase({ dataDir, log: () => undefined });
    serverUrl = embedded.url;
    stopServer = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const name = `crmhub_bench_${randomBytes(5).toString('hex')}`;
  try {
    await ensureDatabase(serverUrl, name);
  } catch (error) {
    await stopServer();
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
      await stopServer();
    },
  };
}
