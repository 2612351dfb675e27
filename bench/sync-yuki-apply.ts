// `sync.yuki_calls_per_applied_change` (issue 10): Yuki calls, as the simulator counts them (`/__sim/calls`: SOAP
// methods and Platform API routes), per change set crmhub applies to one administration in the automatic write mode:
// 250 linked administrations, 4 CRM fields changed in each (1,000 changes), read by one CRM sync and applied.
// Baseline: the company writes alone (the PATCH calls counted in the same run), i.e. a blind write of each change set.
import { sql } from 'kysely';

import { link, pairs, patchCrm, waitQuiet } from '../test/helpers/sync-ops.js';
import { eventually, startSyncWorld } from '../test/helpers/sync-world.js';
import { createBenchTestDatabase } from './bench-db.js';
import { round } from './harness.js';

import type { SyncWorld } from '../test/helpers/sync-world.js';
import type { BenchResult } from './harness.js';

const ADMINISTRATIONS = 250;
const FIELDS_CHANGED = 4;
const COMPANY_WRITE = 'PATCH /portals/:portalId/companies/:companyId';

async function benchWorld(): Promise<SyncWorld> {
  const database = await createBenchTestDatabase();
  return startSyncWorld({ orgs: ADMINISTRATIONS, writeMode: 'automatic', database });
}

const simCalls = async (world: SyncWorld): Promise<Record<string, number>> =>
  (await world.simJson<{ calls: Record<string, number> }>(world.yuki.url, '/__sim/calls')).calls;

/** Changes applied since `since`, and the administrations (change sets) they belong to. */
async function appliedSince(world: SyncWorld, since: Date): Promise<{ changes: number; sets: number }> {
  const { rows } = await sql<{ changes: number; sets: number }>`
    SELECT count(*)::int AS changes, count(DISTINCT administration_id)::int AS sets FROM audit_log
    WHERE action = 'change_applied' AND at >= ${since}`.execute(world.server.deps.db);
  return rows[0] ?? { changes: 0, sets: 0 };
}

export async function yukiApplyBenchmark(): Promise<BenchResult[]> {
  const world = await benchWorld();
  try {
    const policy = await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'none' });
    if (policy.status !== 200) throw new Error(`approval policy failed: ${JSON.stringify(policy.body)}`);
    const linked = await pairs(world, ADMINISTRATIONS);
    // Linking applies the differences the two systems already had; the count starts after that.
    for (const pair of linked) await link(world, pair, 'automatic');
    await waitQuiet(world, { timeoutMs: 120_000 });
    await world.simJson(world.yuki.url, '/__sim/calls', { method: 'DELETE' });
    const since = new Date();
    world.crm.advance(1000);
    for (const [index, pair] of linked.entries()) {
      const n = String(index).padStart(4, '0');
      await patchCrm(world, pair.crmId, {
        name: `${pair.name} Holding`,
        email: `administratie${n}@gewijzigd-bench.nl`,
        phone: `020 555${n}`,
        coc_code: `9${n}${String(index % 1000).padStart(3, '0')}`,
      });
    }
    const synced = await world.admin.request('POST', '/api/connections/crm/sync');
    if (synced.status >= 300) throw new Error(`CRM sync failed: ${JSON.stringify(synced.body)}`);
    const expected = ADMINISTRATIONS * FIELDS_CHANGED;
    const applied = await eventually(async () => {
      const now = await appliedSince(world, since);
      return now.changes >= expected ? now : null;
    }, 600_000);
    await waitQuiet(world, { timeoutMs: 120_000 });
    const calls = await simCalls(world);
    process.stderr.write(
      `yuki calls during the applies: ${JSON.stringify(calls)}; applied: ${JSON.stringify(applied)}\n`,
    );
    const total = Object.values(calls).reduce((sum, n) => sum + n, 0);
    const value = round(total / applied.sets, 3);
    const baseline = round((calls[COMPANY_WRITE] ?? 0) / applied.sets, 3);
    return [
      { name: 'sync.yuki_calls_per_applied_change', value, unit: 'calls', baseline, ratio: round(value / baseline, 3) },
    ];
  } finally {
    await world.close();
  }
}
