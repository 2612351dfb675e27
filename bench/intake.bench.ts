// intake.push_ratio: records per second through the push API (batches of 1,000, 2 concurrent clients, crmhub in its
// own process) ÷ a raw batched insert of the same rows into the same tables (intake_records, crm_organizations).
import { upsertCrmOrganizations } from '../src/adapters/db/repos/crm-organizations.repo.js';
import { upsertIntakeRecords } from '../src/adapters/db/repos/intake-records.repo.js';
import { vatNumber } from '../src/adapters/intake-file/testing.js';
import { crmOrganizationOf } from '../src/app/use-cases/sync/ingest.js';
import { intakeRecordSchema } from '../src/contract/intake.contract.js';
import { companyOfIntakeRecord } from '../src/core/intake/record.js';
import { setupAndLogin } from './api-client.js';
import { createBenchDatabase } from './bench-db.js';
import { withRatio } from './harness.js';
import { crmhubEnv, startCrmhub, stopCrmhub } from './sync-webhook.js';

import type { Db } from '../src/adapters/db/pool.js';
import type { IntakeCredentialsView } from '../src/contract/intake.contract.js';
import type { IntakeRecord } from '../src/core/intake/record.js';
import type { BenchResult } from './harness.js';

const BATCH = 1_000;
const BATCHES = 20;
const CLIENTS = 2;

/** A realistic organisation record: company, identifiers, address and a contact person with a mobile number. */
function recordOf(run: string, i: number): Record<string, unknown> {
  const n = String(i).padStart(6, '0');
  return {
    externalId: `${run}-${n}`,
    name: `Relatie ${n} B.V.`,
    kvk: String(10_000_000 + i),
    // Valid (mod-11): since both doors reject invalid values, a made-up VAT id would be refused and not measured.
    vat: vatNumber(i * 31),
    email: `info@relatie${n}.nl`,
    phone: `020 ${n.slice(0, 3)} ${n.slice(3)}0`,
    relationNumber: n,
    visitingAddress: { line1: `Dorpsstraat ${i % 200}`, postcode: '1234 AB', city: 'Amsterdam', country: 'NL' },
    contactPerson: { externalId: `${run}-${n}-01`, initials: 'J.', lastName: `Jansen ${n}`, phone: '06 12345678' },
    updatedAt: '2026-12-08T09:30:00Z',
  };
}

function batchesOf(run: string): Record<string, unknown>[][] {
  return Array.from({ length: BATCHES }, (_, b) =>
    Array.from({ length: BATCH }, (_, i) => recordOf(run, b * BATCH + i)),
  );
}

/** Runs the batches over `CLIENTS` concurrent workers; the wall time in seconds. */
async function concurrently<T>(batches: readonly T[], send: (batch: T) => Promise<void>): Promise<number> {
  const queue = [...batches];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CLIENTS }, async () => {
      for (let batch = queue.shift(); batch !== undefined; batch = queue.shift()) await send(batch);
    }),
  );
  return (performance.now() - started) / 1000;
}

async function pushAll(url: string, credentials: IntakeCredentialsView, run: string): Promise<number> {
  const bodies = batchesOf(run).map((records) => JSON.stringify({ records }));
  return concurrently(bodies, async (body) => {
    const response = await fetch(`${url}/api/intake/v1/batches`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-api-key': credentials.apiKey,
        'x-api-secret': credentials.apiSecret,
      },
      body,
    });
    const answer = (await response.json()) as { counts?: { changed: number } };
    if (response.status !== 200 || answer.counts?.changed !== BATCH) {
      throw new Error(`push failed: ${String(response.status)} ${JSON.stringify(answer).slice(0, 300)}`);
    }
  });
}

/** The same rows, already normalised, written by two raw batched upserts per batch in one transaction. */
async function insertAll(db: Db, connectionId: string, run: string): Promise<number> {
  const batches = batchesOf(run).map((records) => records.map((raw): IntakeRecord => intakeRecordSchema.parse(raw)));
  return concurrently(batches, async (records) => {
    await db.transaction().execute(async (trx) => {
      const now = new Date();
      await upsertIntakeRecords(trx, connectionId, records, now);
      await upsertCrmOrganizations(trx, connectionId, records.map(companyOfIntakeRecord).map(crmOrganizationOf), now);
    });
  });
}

export async function intakeBenchmark(): Promise<BenchResult[]> {
  const database = await createBenchDatabase();
  const crmhub = await startCrmhub(crmhubEnv(database.url, { CRMHUB_INTAKE_RATE_PER_MINUTE: '100000' }));
  try {
    const api = await setupAndLogin(crmhub.url);
    const added = await api.request('POST', '/api/intake/sources', { name: 'Bench Radar', system: 'radar' });
    if (added.status !== 201) throw new Error(`adding the intake source failed: ${JSON.stringify(added.body)}`);
    const credentials = added.body as IntakeCredentialsView;
    const db = database.handle.db;
    const source = await db
      .selectFrom('connections')
      .select('portal_id')
      .where('id', '=', credentials.id)
      .executeTakeFirstOrThrow();
    // The baseline writes into its own (disconnected) connection of the same portal: same tables, same row shapes.
    const baseline = await db
      .insertInto('connections')
      .values({ portal_id: source.portal_id, role: 'crm', system: 'radar', status: 'disconnected' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await pushAll(crmhub.url, credentials, 'warm');
    await insertAll(db, baseline.id, 'warm');
    const pushSeconds = await pushAll(crmhub.url, credentials, 'run');
    const insertSeconds = await insertAll(db, baseline.id, 'run');
    const records = BATCH * BATCHES;
    return [withRatio('intake.push_ratio', records / pushSeconds, 'records/s', records / insertSeconds)];
  } finally {
    await stopCrmhub(crmhub.child);
    await database.close();
  }
}
