// sync.detect_ratio: ingest (detect + classify + persist) of 10,000 changed linked administrations, against a raw
// batched INSERT … ON CONFLICT of exactly the rows crmhub wrote, into the same tables of the same database.
import { sql } from 'kysely';

import { createSecretBox, generateSecretKey } from '../src/adapters/crypto/secret-box.js';
import { findConnection } from '../src/adapters/db/repos/connections.repo.js';
import { upsertCrmOrganizations } from '../src/adapters/db/repos/crm-organizations.repo.js';
import { crmOrganizationOf, ingestCompanies } from '../src/app/use-cases/sync/ingest.js';
import { createBenchDatabase } from './bench-db.js';
import { round } from './harness.js';
import { baselineOf, BENCH_CRM_KEY, createSyncFixture, readCompanies, startBenchCrmSim } from './sync-fixture.js';

import type pg from 'pg';
import type { Db } from '../src/adapters/db/pool.js';
import type { Connection } from '../src/adapters/db/repos/connections.repo.js';
import type { SourceCompany } from '../src/core/connector.js';
import type { BenchResult } from './harness.js';

const LINKED = 10_000;
const PAGE = 100;
const ROUNDS = 3;
const RAW_BATCH = 1000;

/** Three fields changed per organisation: a legal one (name) and two contact details. */
function changed(company: SourceCompany, index: number): SourceCompany {
  return {
    ...company,
    name: `${company.name ?? 'Organisatie'} Holding`,
    phone: `020 ${String(5_000_000 + index)}`,
    email: `administratie${String(index)}@gewijzigd-bench.nl`,
  };
}

type Table = { readonly name: string; readonly columns: readonly string[]; readonly conflict: string };
const crmOrganizations: Table = {
  name: 'crm_organizations',
  columns: [
    'connection_id',
    'external_id',
    'name',
    'kvk',
    'vat',
    'field_values',
    'source_updated_at',
    'deep_link',
    'deleted',
    'seen_at',
  ],
  conflict:
    'ON CONFLICT (connection_id, external_id) DO UPDATE SET name = excluded.name, kvk = excluded.kvk, ' +
    'vat = excluded.vat, field_values = excluded.field_values, source_updated_at = excluded.source_updated_at, ' +
    'deep_link = excluded.deep_link, deleted = excluded.deleted, seen_at = excluded.seen_at',
};
const syncChanges: Table = {
  name: 'sync_changes',
  columns: [
    'id',
    'administration_id',
    'field',
    'state',
    'old_value',
    'new_value',
    'raw_value',
    'invalid_reason',
    'history',
    'source_external_id',
    'detected_at',
    'updated_at',
  ],
  conflict: 'ON CONFLICT (id) DO NOTHING',
};
const auditLog: Table = {
  name: 'audit_log',
  columns: [
    'portal_id',
    'action',
    'actor_user_id',
    'administration_id',
    'change_id',
    'field',
    'old_value',
    'new_value',
    'reason',
    'details',
    'at',
  ],
  conflict: 'ON CONFLICT DO NOTHING',
};
const JSON_COLUMNS = new Set(['field_values', 'history', 'details']);

type Row = Record<string, unknown>;
type Written = { table: Table; rows: Row[] };

/** What crmhub wrote in a round, read back to be written again by the raw baseline. */
async function readWritten(pool: pg.Pool, connectionId: string): Promise<Written[]> {
  const select = async (table: Table, where: string, params: unknown[]): Promise<Written> => ({
    table,
    rows: (await pool.query<Row>(`SELECT ${table.columns.join(', ')} FROM ${table.name} ${where}`, params)).rows,
  });
  return [
    await select(crmOrganizations, 'WHERE connection_id = $1', [connectionId]),
    await select(syncChanges, '', []),
    await select(auditLog, '', []),
  ];
}

/** The baseline: multi-row INSERT … ON CONFLICT, 1,000 rows a statement, one transaction, nothing read first. */
async function rawInsert(pool: pg.Pool, written: readonly Written[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    for (const { table, rows } of written) {
      for (let i = 0; i < rows.length; i += RAW_BATCH) {
        const batch = rows.slice(i, i + RAW_BATCH);
        const params: unknown[] = [];
        const tuples = batch.map((row) => {
          const slots = table.columns.map((column) => {
            const value = row[column];
            params.push(JSON_COLUMNS.has(column) ? JSON.stringify(value) : value);
            return `$${String(params.length)}`;
          });
          return `(${slots.join(', ')})`;
        });
        await client.query(
          `INSERT INTO ${table.name} (${table.columns.join(', ')}) VALUES ${tuples.join(', ')} ${table.conflict}`,
          params,
        );
      }
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

/** Back to "the mirror holds the old values, no changes, no audit", with fresh statistics and no dead rows. */
async function reset(db: Db, connectionId: string, original: readonly SourceCompany[]): Promise<void> {
  await db.deleteFrom('sync_changes').execute();
  await db.deleteFrom('audit_log').execute();
  const rows = original.map(crmOrganizationOf);
  for (let i = 0; i < rows.length; i += 1000)
    await upsertCrmOrganizations(db, connectionId, rows.slice(i, i + 1000), new Date());
  await sql`VACUUM ANALYZE crm_organizations, sync_changes, audit_log, administration_links`.execute(db);
}

async function ingestAll(db: Db, connection: Connection, companies: readonly SourceCompany[]): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < companies.length; i += PAGE)
    await ingestCompanies(db, connection, companies.slice(i, i + PAGE), new Date());
  return performance.now() - started;
}

export async function detectBenchmark(): Promise<BenchResult[]> {
  const key = BENCH_CRM_KEY;
  const sim = await startBenchCrmSim(77, LINKED);
  const original = await readCompanies({ baseUrl: sim.url, ...key }, LINKED).finally(() => sim.close());
  const updated = original.map(changed);
  const database = await createBenchDatabase();
  try {
    const { db, pool } = database.handle;
    const fixture = await createSyncFixture(db, {
      secretBox: createSecretBox(generateSecretKey()),
      crm: { baseUrl: sim.url, ...key },
      links: original.map((company) => ({ crmExternalId: company.externalId, baseline: baselineOf(company) })),
      mode: 'manual',
    });
    const connection = await findConnection(db, fixture.connectionId);
    if (connection === null) throw new Error('fixture connection missing');
    // Warm-up (JIT, plan caches) on a tenth of the data, not counted.
    await reset(db, connection.id, original);
    await ingestAll(db, connection, updated.slice(0, LINKED / 10));
    let crmhubMs = 0;
    let rawMs = 0;
    let written: Written[] = [];
    for (let r = 0; r < ROUNDS; r += 1) {
      const measureCrmhub = async (): Promise<void> => {
        await reset(db, connection.id, original);
        const ms = await ingestAll(db, connection, updated);
        crmhubMs += ms;
        written = await readWritten(pool, connection.id);
        process.stderr.write(
          `  crmhub ingest: ${round(ms)} ms (${written.map((w) => `${w.table.name} ${String(w.rows.length)}`).join(', ')})\n`,
        );
      };
      const measureRaw = async (): Promise<void> => {
        await reset(db, connection.id, original);
        const started = performance.now();
        await rawInsert(pool, written);
        const ms = performance.now() - started;
        rawMs += ms;
        process.stderr.write(`  raw insert: ${round(ms)} ms\n`);
      };
      // The raw side needs crmhub's rows, so round 1 starts with crmhub; later rounds alternate.
      if (r % 2 === 0) {
        await measureCrmhub();
        await measureRaw();
      } else {
        await measureRaw();
        await measureCrmhub();
      }
    }
    const changes = written.find((w) => w.table === syncChanges)?.rows.length ?? 0;
    if (changes !== LINKED * 3)
      throw new Error(`expected ${String(LINKED * 3)} changes, crmhub wrote ${String(changes)}`);
    return [
      { name: 'sync.detect_ratio', value: round(rawMs / crmhubMs, 3), unit: '×' },
      {
        name: 'sync.detect_ms',
        value: round(crmhubMs / ROUNDS),
        unit: 'ms',
        baseline: round(rawMs / ROUNDS),
        ratio: round(crmhubMs / rawMs, 3),
      },
    ];
  } finally {
    await database.close();
  }
}
