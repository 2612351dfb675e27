/** Backup and restore through the database connection: one consistent snapshot as gzipped JSON lines, no pg_dump. */
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { createGunzip, createGzip } from 'node:zlib';
import { sql } from 'kysely';

import { migrateToLatest, migrateUpTo, migrationStates } from './migrate.js';

import type { Writable } from 'node:stream';
import type { Db } from './pool.js';

export const BACKUP_FORMAT = 'crmhub-backup';
const BACKUP_VERSION = 1;
const FETCH_ROWS = 1000;
const INSERT_ROWS = 500;

/** The first line of a backup file. */
type BackupHeader = {
  readonly format: typeof BACKUP_FORMAT;
  readonly version: number;
  readonly createdAt: string;
  /** The schema the rows belong to: restore migrates to exactly this point, loads, then migrates on. */
  readonly lastMigration: string;
  readonly tables: readonly string[];
};

export type BackupSummary = { readonly tables: Readonly<Record<string, number>>; readonly lastMigration: string };

/** A problem with the file or the target database that the operator can fix; nothing was written. */
export class BackupError extends Error {
  override readonly name = 'BackupError';
}

/** crmhub's tables, parents before children (foreign keys), without the migration bookkeeping. */
async function tablesInLoadOrder(db: Db): Promise<string[]> {
  const tables = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables
    WHERE schemaname = 'public' AND tablename NOT LIKE 'kysely_migration%' ORDER BY tablename`.execute(db);
  const edges = await sql<{ child: string; parent: string }>`
    SELECT c.conrelid::regclass::text AS child, c.confrelid::regclass::text AS parent
    FROM pg_constraint c WHERE c.contype = 'f' AND c.connamespace = 'public'::regnamespace`.execute(db);
  const pending = new Set(tables.rows.map((row) => row.name));
  const ordered: string[] = [];
  while (pending.size > 0) {
    const ready = [...pending].filter((table) =>
      edges.rows.every((edge) => edge.child !== table || edge.parent === table || !pending.has(edge.parent)),
    );
    if (ready.length === 0) throw new Error(`foreign keys form a cycle among ${[...pending].join(', ')}`);
    for (const table of ready) {
      pending.delete(table);
      ordered.push(table);
    }
  }
  return ordered;
}

async function lastAppliedMigration(db: Db): Promise<string> {
  const row = await sql<{ name: string }>`SELECT name FROM kysely_migration ORDER BY name DESC LIMIT 1`.execute(db);
  const name = row.rows[0]?.name;
  if (name === undefined) throw new BackupError('the database has no crmhub schema yet: nothing to back up');
  return name;
}

async function writeLine(out: Writable, value: unknown): Promise<void> {
  if (!out.write(`${JSON.stringify(value)}\n`)) await once(out, 'drain');
}

/** Streams one table's rows through a cursor, so memory stays flat whatever the table's size. */
async function dumpTable(trx: Db, table: string, out: Writable): Promise<number> {
  const cursor = `backup_${table}`;
  await sql`DECLARE ${sql.id(cursor)} NO SCROLL CURSOR FOR SELECT row_to_json(t)::text AS row FROM ${sql.table(table)} t`.execute(
    trx,
  );
  let count = 0;
  for (;;) {
    const batch = await sql<{ row: string }>`FETCH ${sql.raw(String(FETCH_ROWS))} FROM ${sql.id(cursor)}`.execute(trx);
    for (const { row } of batch.rows) {
      if (!out.write(`${row}\n`)) await once(out, 'drain');
    }
    count += batch.rows.length;
    if (batch.rows.length < FETCH_ROWS) break;
  }
  await sql`CLOSE ${sql.id(cursor)}`.execute(trx);
  return count;
}

/** Writes every crmhub table as seen by one snapshot (REPEATABLE READ) to a gzipped JSON-lines file. */
export async function backupDatabase(db: Db, file: string, now: Date): Promise<BackupSummary> {
  const gzip = createGzip();
  const done = gzip.pipe(createWriteStream(file, { mode: 0o600 }));
  const finished = once(done, 'finish');
  const summary = await db
    .transaction()
    .setIsolationLevel('repeatable read')
    .setAccessMode('read only')
    .execute(async (trx) => {
      const lastMigration = await lastAppliedMigration(trx);
      const tables = await tablesInLoadOrder(trx);
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        version: BACKUP_VERSION,
        createdAt: now.toISOString(),
        lastMigration,
        tables,
      };
      await writeLine(gzip, header);
      const counts: Record<string, number> = {};
      for (const table of tables) {
        // A table's rows follow a line naming it; restore counts them against the next table line.
        await writeLine(gzip, { table });
        counts[table] = await dumpTable(trx, table, gzip);
      }
      return { tables: counts, lastMigration };
    });
  gzip.end();
  await finished;
  return summary;
}

function parseHeader(line: string | undefined): BackupHeader {
  let header: unknown;
  try {
    header = JSON.parse(line ?? '');
  } catch {
    throw new BackupError('this is not a crmhub backup (the file does not start with a backup header)');
  }
  const candidate = header as Partial<BackupHeader> | null;
  if (candidate?.format !== BACKUP_FORMAT || typeof candidate.lastMigration !== 'string') {
    throw new BackupError('this is not a crmhub backup (the file does not start with a backup header)');
  }
  if (candidate.version !== BACKUP_VERSION) {
    throw new BackupError(`backup format version ${String(candidate.version)} is not supported by this crmhub`);
  }
  return candidate as BackupHeader;
}

/** The target must hold no crmhub data (a first start may have written only its installation row). */
async function assertEmpty(db: Db): Promise<void> {
  for (const table of await tablesInLoadOrder(db)) {
    if (table === 'installation') continue;
    const rows = await sql<{ any: boolean }>`SELECT EXISTS (SELECT 1 FROM ${sql.table(table)}) AS any`.execute(db);
    if (rows.rows[0]?.any === true) {
      throw new BackupError(`the target database already holds data (table ${table}): restore needs an empty database`);
    }
  }
}

/** The columns a restore writes: generated columns (e.g. canonical KvK/VAT keys) are computed again by PostgreSQL. */
async function storedColumns(trx: Db, table: string): Promise<string[]> {
  const columns = await sql<{ name: string }>`
    SELECT attname AS name FROM pg_attribute
    WHERE attrelid = ${table}::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = ''
    ORDER BY attnum`.execute(trx);
  return columns.rows.map((column) => column.name);
}

async function insertRows(trx: Db, table: string, rows: readonly string[]): Promise<void> {
  if (rows.length === 0) return;
  const json = `[${rows.join(',')}]`;
  const columns = sql.join((await storedColumns(trx, table)).map((column) => sql.ref(column)));
  await sql`INSERT INTO ${sql.table(table)} (${columns}) SELECT ${columns} FROM json_populate_recordset(NULL::${sql.table(table)}, ${json}::json)`.execute(
    trx,
  );
}

/** Serial ids go on after the highest restored one. */
async function resetSequences(trx: Db, tables: readonly string[]): Promise<void> {
  for (const table of tables) {
    const serials = await sql<{ column: string; sequence: string }>`
      SELECT a.attname AS column, pg_get_serial_sequence(${table}, a.attname) AS sequence
      FROM pg_attribute a WHERE a.attrelid = ${table}::regclass AND a.attnum > 0 AND NOT a.attisdropped
        AND pg_get_serial_sequence(${table}, a.attname) IS NOT NULL`.execute(trx);
    for (const { column, sequence } of serials.rows) {
      await sql`SELECT setval(${sequence}, COALESCE((SELECT max(${sql.ref(column)}) FROM ${sql.table(table)}), 0) + 1, false)`.execute(
        trx,
      );
    }
  }
}

/** Reads the file's table sections and inserts their rows, in one transaction. */
async function loadRows(trx: Db, lines: AsyncIterable<string>, header: BackupHeader): Promise<Record<string, number>> {
  await trx.deleteFrom('installation').execute();
  const counts: Record<string, number> = {};
  let table: string | null = null;
  let batch: string[] = [];
  for await (const line of lines) {
    if (line === '') continue;
    if (line.startsWith('{"table":')) {
      if (table !== null) await insertRows(trx, table, batch);
      batch = [];
      table = (JSON.parse(line) as { table: string }).table;
      if (!header.tables.includes(table)) throw new BackupError(`the backup names an unknown table ${table}`);
      counts[table] = 0;
      continue;
    }
    if (table === null) throw new BackupError('the backup has rows before its first table');
    batch.push(line);
    counts[table] = (counts[table] ?? 0) + 1;
    if (batch.length >= INSERT_ROWS) {
      await insertRows(trx, table, batch);
      batch = [];
    }
  }
  if (table !== null) await insertRows(trx, table, batch);
  await resetSequences(trx, header.tables);
  return counts;
}

/**
 * Restores a backup into an empty database: migrates to the backup's schema, loads every row in one transaction
 * (a bad file changes nothing), then applies any newer migrations.
 */
export async function restoreDatabase(
  db: Db,
  file: string,
  keyFits: (keyCheck: string) => boolean,
): Promise<BackupSummary> {
  const lines = createInterface({ input: createReadStream(file).pipe(createGunzip()), crlfDelay: Infinity });
  const iterator = lines[Symbol.asyncIterator]();
  try {
    // An unreadable file (not gzip) fails here, before anything is written.
    const first = await iterator.next().catch(() => null);
    const header = parseHeader(first === null || first.done === true ? undefined : first.value);
    const states = await migrationStates(db);
    if (!states.some((migration) => migration.name === header.lastMigration)) {
      throw new BackupError(`the backup comes from a newer crmhub (schema ${header.lastMigration}): upgrade first`);
    }
    if (states.some((migration) => migration.applied && migration.name > header.lastMigration)) {
      throw new BackupError(
        'the target database was set up by a newer crmhub than the backup: restore into a new, empty database',
      );
    }
    await migrateUpTo(db, header.lastMigration);
    await assertEmpty(db);
    const rest = { [Symbol.asyncIterator]: () => iterator };
    const tables = await db.transaction().execute(async (trx) => {
      const counts = await loadRows(trx, rest, header);
      const installation = await trx.selectFrom('installation').select('key_check').executeTakeFirst();
      if (installation !== undefined && !keyFits(installation.key_check)) {
        throw new BackupError(
          'the backup was made with another master key: set CRMHUB_SECRET_KEY (or put secret.key in the data dir) ' +
            'to the key kept with the backup, then restore again',
        );
      }
      return counts;
    });
    await migrateToLatest(db);
    return { tables, lastMigration: header.lastMigration };
  } finally {
    lines.close();
  }
}
