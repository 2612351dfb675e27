// sync.import_100k_*: initial import and first reconcile of 100,000 CRM organisations (10,000 linked), crmhub's side in
// a child process; wall time of both runs and crmhub's peak RSS.
import { createSecretBox, generateSecretKey } from '../src/adapters/crypto/secret-box.js';
import { createBenchDatabase } from './bench-db.js';
import { runChild } from './child.js';
import { round } from './harness.js';
import { baselineOf, BENCH_CRM_KEY, createSyncFixture, readCompanies, startBenchCrmSim } from './sync-fixture.js';

import type { BenchResult } from './harness.js';

const ORGS = 100_000;
const LINKED = 10_000;

type ChildResult = {
  runs: { ms: number; organizations: number; toApply: number }[];
  startRssMb: number;
  peakRssMb: number;
};

export async function importBenchmark(): Promise<BenchResult[]> {
  const key = BENCH_CRM_KEY;
  const sim = await startBenchCrmSim(4242, ORGS);
  const database = await createBenchDatabase();
  try {
    const crm = { baseUrl: sim.url, ...key };
    const linked = await readCompanies(crm, LINKED);
    const secretKey = generateSecretKey();
    // Every tenth linked administration differs from the CRM in its name: the import finds 1,000 changes to hold.
    const fixture = await createSyncFixture(database.handle.db, {
      secretBox: createSecretBox(secretKey),
      crm,
      links: linked.map((company, index) => {
        const baseline = baselineOf(company);
        return {
          crmExternalId: company.externalId,
          baseline: index % 10 === 0 ? { ...baseline, companyName: `${baseline.companyName ?? ''} (oud)` } : baseline,
        };
      }),
      mode: 'manual',
    });
    const result = await runChild<ChildResult>('bench/sync-import.child.ts', [fixture.connectionId], {
      ...process.env,
      DATABASE_URL: database.url,
      CRMHUB_SECRET_KEY: secretKey,
    });
    const [initial, reconcile] = result.runs;
    if (initial === undefined || reconcile === undefined) throw new Error('the import child reported no runs');
    for (const run of result.runs) {
      if (run.organizations !== ORGS) throw new Error(`a run read ${String(run.organizations)} organisations`);
    }
    const { db } = database.handle;
    const mirrored = await db
      .selectFrom('crm_organizations')
      .select(db.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    const held = await db
      .selectFrom('sync_changes')
      .select(db.fn.countAll<number>().as('count'))
      .where('state', '=', 'pending')
      .executeTakeFirstOrThrow();
    process.stderr.write(
      `  initial ${round(initial.ms / 1000)} s, reconcile ${round(reconcile.ms / 1000)} s, ` +
        `${String(mirrored.count)} mirrored, ${String(held.count)} changes held, peak RSS ${round(result.peakRssMb)} MB (${round(result.startRssMb)} MB before the first run)\n`,
    );
    if (mirrored.count !== ORGS || held.count !== LINKED / 10)
      throw new Error(`expected ${String(ORGS)} mirrored and ${String(LINKED / 10)} held changes`);
    return [
      { name: 'sync.import_100k_s', value: round((initial.ms + reconcile.ms) / 1000), unit: 's' },
      { name: 'sync.import_100k_initial_s', value: round(initial.ms / 1000), unit: 's' },
      { name: 'sync.import_100k_reconcile_s', value: round(reconcile.ms / 1000), unit: 's' },
      { name: 'sync.import_100k_rss_mb', value: round(result.peakRssMb), unit: 'MB' },
    ];
  } finally {
    await database.close();
    await sim.close();
  }
}
