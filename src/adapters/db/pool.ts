/** The one way to the database: a node-postgres pool wrapped in a typed Kysely instance. */
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';

import type { Database } from './schema.js';

export type Db = Kysely<Database>;

export type DatabaseHandle = { readonly db: Db; readonly pool: pg.Pool; close(): Promise<void> };

const pools = new WeakMap<Db, pg.Pool>();

// PostgreSQL bigint (int8) as a JS number would silently lose precision above 2^53; counts we read stay small.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

/** Opens a pool; it connects lazily and reconnects by itself when the server comes back. */
export function openDatabase(url: string, options: { max?: number; applicationName?: string } = {}): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.max ?? 10,
    application_name: options.applicationName ?? 'crmhub',
    connectionTimeoutMillis: 5_000,
  });
  // A client losing its server must not crash the process: pg-pool listens for errors only on idle clients, and a
  // checked-out client (in a transaction, or holding the setup lock) would otherwise emit an uncaught 'error'. The
  // query that was running still fails, and the next one gets a fresh connection.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  pools.set(db, pool);
  return {
    db,
    pool,
    async close() {
      await db.destroy();
    },
  };
}

/**
 * The pool under a database opened by {@link openDatabase}; null for a transaction. For the few hot-path queries that
 * use named prepared statements (planned once per connection), which Kysely cannot send.
 */
export function poolOf(db: Db): pg.Pool | null {
  return pools.get(db) ?? null;
}

/** Runs fn in one transaction: everything or nothing is written. */
export async function withTransaction<T>(db: Db, fn: (trx: Db) => Promise<T>): Promise<T> {
  return db.transaction().execute(fn);
}

/** One round trip: rejects when the database cannot be reached. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`SELECT 1`.execute(db);
}
