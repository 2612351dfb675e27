/** Forward-only SQL migrations (migrations/*.sql, applied in name order) through Kysely's Migrator. */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator, sql } from 'kysely';

import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { Db } from './pool.js';

const migrationsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

class SqlFileMigrationProvider implements MigrationProvider {
  // The files cannot change while the process runs, and /readyz asks often.
  private loaded: Promise<Record<string, Migration>> | null = null;

  getMigrations(): Promise<Record<string, Migration>> {
    this.loaded ??= this.load();
    return this.loaded;
  }

  private async load(): Promise<Record<string, Migration>> {
    const files = (await readdir(migrationsDir)).filter((file) => file.endsWith('.sql')).sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const text = await readFile(path.join(migrationsDir, file), 'utf8');
      migrations[file.replace(/\.sql$/, '')] = {
        async up(db: Kysely<unknown>) {
          await sql.raw(text).execute(db);
        },
      };
    }
    return migrations;
  }
}

const provider = new SqlFileMigrationProvider();

function migratorFor(db: Db): Migrator {
  return new Migrator({ db, provider });
}

/** Applies every pending migration; returns the names applied. Throws with the failing migration's name. */
export async function migrateToLatest(db: Db): Promise<string[]> {
  const { error, results = [] } = await migratorFor(db).migrateToLatest();
  const failed = results.find((result) => result.status === 'Error');
  if (error !== undefined) {
    const reason = error instanceof Error ? error.message : JSON.stringify(error);
    throw new Error(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${reason}`);
  }
  return results.filter((result) => result.status === 'Success').map((result) => result.migrationName);
}

/** Names of migrations that exist on disk but are not applied yet. */
export async function pendingMigrations(db: Db): Promise<string[]> {
  const all = await migratorFor(db).getMigrations();
  return all.filter((migration) => migration.executedAt === undefined).map((migration) => migration.name);
}

/** Applies migrations up to and including `name` (upgrade tests start from an older schema). */
export async function migrateUpTo(db: Db, name: string): Promise<void> {
  const { error } = await migratorFor(db).migrateTo(name);
  if (error !== undefined) {
    throw new Error(`migration to ${name} failed: ${error instanceof Error ? error.message : JSON.stringify(error)}`);
  }
}

/** Any fixed number: the advisory lock all crmhub instances of one database take while they set it up. */
const SETUP_LOCK_KEY = 727_274_822;

/**
 * Runs `setup` while holding a database-wide advisory lock, so that instances starting at once set the database up
 * one after the other (concurrent DDL on a fresh database deadlocks): the first migrates, the others wait, then find
 * nothing left to do. The lock is held on one pooled connection and ends with it.
 */
export async function underSetupLock<T>(db: Db, setup: () => Promise<T>): Promise<T> {
  return db.connection().execute(async (connection) => {
    await sql`SELECT pg_advisory_lock(${SETUP_LOCK_KEY})`.execute(connection);
    try {
      return await setup();
    } finally {
      await sql`SELECT pg_advisory_unlock(${SETUP_LOCK_KEY})`.execute(connection);
    }
  });
}

/** Every migration this crmhub ships, in order, and whether the database has it. */
export async function migrationStates(db: Db): Promise<{ name: string; applied: boolean }[]> {
  const all = await migratorFor(db).getMigrations();
  return all.map((migration) => ({ name: migration.name, applied: migration.executedAt !== undefined }));
}
