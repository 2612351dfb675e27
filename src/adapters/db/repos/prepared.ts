/** Named prepared statements for hot paths (planned once per connection), outside or inside a transaction. */
import { CompiledQuery } from 'kysely';
import pg from 'pg';

import { poolOf } from '../pool.js';

import type { Db } from '../pool.js';

export type Statement = { readonly name: string; readonly text: string; readonly values: readonly unknown[] };

/** Runs a statement and returns its rows. */
export type Prepared = <R>(statement: Statement) => Promise<R[]>;

function onClient(client: pg.PoolClient | pg.Pool): Prepared {
  return async <R>(statement: Statement) =>
    (
      await client.query<R & pg.QueryResultRow>({
        name: statement.name,
        text: statement.text,
        values: [...statement.values],
      })
    ).rows as R[];
}

function onKysely(db: Db): Prepared {
  // A transaction (or a database not opened by openDatabase) cannot send named statements: same SQL, unnamed.
  return async <R>(statement: Statement) =>
    (await db.executeQuery<R>(CompiledQuery.raw(statement.text, [...statement.values]))).rows;
}

/** A runner on the pool of `db` (named statements), or on `db` itself when it is a transaction. */
export function preparedOf(db: Db): Prepared {
  const pool = poolOf(db);
  return pool === null ? onKysely(db) : onClient(pool);
}

/**
 * Runs `fn` in one transaction on one pooled connection with named statements; commits, or rolls back on error.
 * `asyncCommit`: the commit does not wait for the WAL flush (for many small writes a crash may lose the last
 * fraction of a second of; the transaction stays atomic).
 */
export async function inPreparedTransaction<T>(
  db: Db,
  fn: (run: Prepared) => Promise<T>,
  options: { readonly asyncCommit?: boolean } = {},
): Promise<T> {
  const begin = options.asyncCommit === true ? 'BEGIN; SET LOCAL synchronous_commit TO OFF' : 'BEGIN';
  const pool = poolOf(db);
  if (pool === null) {
    return db.transaction().execute(async (trx) => {
      if (options.asyncCommit === true)
        await onKysely(trx)({ name: '', text: 'SET LOCAL synchronous_commit TO OFF', values: [] });
      return fn(onKysely(trx));
    });
  }
  const client = await pool.connect();
  let broken: unknown = undefined;
  try {
    await client.query(begin);
    const result = await fn(onClient(client));
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError;
    });
    throw error;
  } finally {
    // A connection that could not even roll back is not handed out again.
    client.release(broken instanceof Error ? broken : undefined);
  }
}

const asyncPools = new WeakMap<Db, pg.Pool>();

/**
 * A runner whose statements commit without waiting for the WAL flush: a small pool of its own with
 * `synchronous_commit=off`, for many small writes of which a crash may lose the last fraction of a second (each
 * statement stays atomic). Inside a transaction it runs on that transaction.
 */
export function asyncCommitRunner(db: Db): Prepared {
  const pool = poolOf(db);
  if (pool === null) return onKysely(db);
  let sibling = asyncPools.get(db);
  if (sibling === undefined) {
    sibling = new pg.Pool({
      ...pool.options,
      max: 4,
      application_name: 'crmhub-calls',
      options: '-c synchronous_commit=off',
      allowExitOnIdle: true,
    });
    // An idle client losing its server must not crash the process; the next query gets a fresh connection.
    sibling.on('error', () => undefined);
    asyncPools.set(db, sibling);
  }
  return onClient(sibling);
}

/** Closes the pool {@link asyncCommitRunner} opened for `db` (with the app that used it). */
export async function closeAsyncCommitRunner(db: Db): Promise<void> {
  const sibling = asyncPools.get(db);
  asyncPools.delete(db);
  await sibling?.end();
}
