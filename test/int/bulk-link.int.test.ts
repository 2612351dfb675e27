// Bulk linking: a combined dry run, then a background run that links every administration with exactly one KvK/VAT
// suggestion, audited per administration; the worker is killed mid-way and a new one finishes: none linked twice,
// none lost.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { startWorkerProcess } from '../helpers/process.js';
import { waitQuiet } from '../helpers/sync-ops.js';
import { eventually, startSyncWorld } from '../helpers/sync-world.js';

import type { CrmhubProcess } from '../helpers/process.js';
import type { SyncWorld } from '../helpers/sync-world.js';

// The figure; the run links in chunks (one portal read and one transaction per chunk), so 2,000 fit a test run.
const ADMINISTRATIONS = Number(process.env['BULK_LINK_ADMINISTRATIONS'] ?? 2000);

type List = { administrations: { id: string }[]; page: { total: number } };
type DryRun = { administrations: number; fields: { field: string; changes: number; held: number }[]; withHeld: number };
type Run = { finished: boolean; total: number; linked: number; skipped: number; pending: number };

let world: SyncWorld;
let worker: CrmhubProcess | null = null;

beforeAll(async () => {
  world = await startSyncWorld({ orgs: ADMINISTRATIONS });
}, 600_000);
afterAll(async () => {
  // A failed run must not leave its worker process behind.
  if (worker !== null && worker.child.exitCode === null) {
    worker.child.kill('SIGKILL');
    await worker.exited();
  }
  await world.close();
});

describe('bulk linking', () => {
  it('links every administration with one suggestion, after a dry run, surviving a killed worker', async () => {
    const single = await world.admin.request<List>('GET', '/api/administrations?show=single_suggestion&size=1');
    const expected = single.body.page.total;
    expect(expected).toBeGreaterThan(ADMINISTRATIONS / 2);

    const dry = await world.admin.request<DryRun>('POST', '/api/administrations/bulk-link/dry-run', {
      allWithSingleSuggestion: true,
      mode: 'manual',
    });
    expect(dry.status).toBe(200);
    expect(dry.body.administrations).toBe(expected);
    // Manual approval: whatever would change waits for a person; nothing is proposed for what the CRM leaves empty.
    expect(dry.body.fields.every((field) => field.held === field.changes)).toBe(true);

    // From here on the jobs run in a worker process this test kills half-way.
    await world.restart({ role: 'api' });
    worker = await startWorkerProcess(world);
    const started = await world.admin.request<{ runId: string; total: number }>(
      'POST',
      '/api/administrations/bulk-link',
      {
        allWithSingleSuggestion: true,
        mode: 'manual',
      },
    );
    expect(started.status).toBe(202);
    expect(started.body.total).toBe(expected);
    const runId = started.body.runId;
    const status = async (): Promise<Run> =>
      (await world.admin.request<Run>('GET', `/api/administrations/bulk-link/${runId}`)).body;
    // While the worker runs, progress is read from the table: the API's answer lists every item, and asking for it
    // ten times a second would take the CPU the simulators need to answer the worker.
    const progress = async () => {
      const db = world.server.deps.db;
      const [items, run] = await Promise.all([
        db
          .selectFrom('bulk_link_items')
          .select(db.fn.countAll<string>().as('linked'))
          .where('run_id', '=', runId)
          .where('state', '=', 'linked')
          .executeTakeFirstOrThrow(),
        db.selectFrom('bulk_link_runs').select('finished_at').where('id', '=', runId).executeTakeFirstOrThrow(),
      ]);
      return { linked: Number(items.linked), finished: run.finished_at !== null };
    };

    // Killed with about three quarters still to do (a chunk in flight is rolled back, not half done).
    await eventually(async () => (await progress()).linked >= expected / 4, 120_000);
    const killed = worker;
    killed.child.kill('SIGKILL');
    await killed.exited();
    const atKill = await status();
    expect(atKill.finished).toBe(false);
    expect(atKill.pending).toBeGreaterThan(0);

    worker = await startWorkerProcess(world);
    await eventually(async () => (await progress()).finished, 600_000);
    const done = await status();
    const last = worker;
    last.child.kill('SIGTERM');
    await last.exited();
    worker = null;
    await world.restart();
    await waitQuiet(world, { timeoutMs: 120_000 }).catch(() => undefined);

    expect(done).toMatchObject({ total: expected, linked: expected, skipped: 0, pending: 0 });
    const db = world.server.deps.db;
    const links = await db.selectFrom('administration_links').select('administration_id').execute();
    expect(links).toHaveLength(expected);
    const audited = await db
      .selectFrom('audit_log')
      .select(['administration_id'])
      .where('action', '=', 'administration_linked')
      .execute();
    expect(audited).toHaveLength(expected); // once per administration: none linked twice
    expect(new Set(audited.map((row) => row.administration_id)).size).toBe(expected);
    // Manual approval: the links' first changes all wait for a person, each audited as held (in the link's transaction).
    const changes = await db.selectFrom('sync_changes').select('state').execute();
    expect(changes.filter((change) => change.state !== 'pending')).toEqual([]);
    const held = await db.selectFrom('audit_log').select('id').where('action', '=', 'change_held').execute();
    expect(held).toHaveLength(changes.length);
    expect(
      (await world.admin.request<List>('GET', '/api/administrations?show=single_suggestion&size=1')).body.page.total,
    ).toBe(0);
  }, 900_000);
});
