// sync.webhook_to_queue_*: a CRM edit in the Simplicate simulator (admin API) → its signed webhook → the pending change
// visible in crmhub's review queue (GET /api/review), for 1,000 edits of linked administrations in manual mode.
// crmhub runs as `crmhub start` in its own process on a fresh database, connected to both simulators via its API.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

import { generateSecretKey } from '../src/adapters/crypto/secret-box.js';
import { simJson } from '../src/sims/shared/admin-client.js';
import { startYukiSim } from '../src/sims/yuki/cli.js';
import { setupAndLogin } from './api-client.js';
import { createBenchDatabase } from './bench-db.js';
import { median, percentile, round } from './harness.js';
import { BENCH_CRM_KEY, eachLimited, startBenchCrmSim } from './sync-fixture.js';

import type { ChildProcess } from 'node:child_process';
import type { Db } from '../src/adapters/db/pool.js';
import type { ApiClient } from './api-client.js';
import type { BenchResult } from './harness.js';

const ORGS = 200;
const EDITS = 1000;
const WARM_UP = 20;
/** Edits per second: a busy office's burst, well above what one firm types, below what a 2-core box can absorb. */
const RATE = 5;
/**
 * The review queue is polled at most this often. Back to back (a poll takes ~25 ms) the poller alone would keep
 * crmhub's event loop busy and slow down the very path being measured; a change is counted when the poll response
 * showing it arrives, so the figure includes up to one interval of waiting (an upper bound).
 */
const POLL_MS = 100;
const WEBHOOK_SECRET = 'bench-webhook-secret-0123456789';
const root = path.resolve(import.meta.dirname, '..');

type Review = { groups: { administrationId: string; changes: { field: string; newValue: string | null }[] }[] };
type Edit = { administrationId: string; value: string; sentAt: number; sentEpochMs: number; seenAt: number | null };

/** The environment of a benchmarked `crmhub start`: its own database and key, any free local port, quiet logs. */
export function crmhubEnv(databaseUrl: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATABASE_URL: databaseUrl,
    CRMHUB_SECRET_KEY: generateSecretKey(),
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    ...extra,
  };
}

export async function startCrmhub(env: NodeJS.ProcessEnv): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['bin/crmhub.js', 'start'], {
    cwd: root,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  for (let waited = 0; waited < 60_000; waited += 50) {
    const url = /open (http:\/\/[\w.]+:\d+)/.exec(output)?.[1];
    if (url !== undefined) return { url: url.replace('localhost', '127.0.0.1'), child };
    if (child.exitCode !== null) break;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new Error(`crmhub did not start: ${output}`);
}

export async function stopCrmhub(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** Connects CRM and Yuki through the API, waits for both imports, and links every administration (manual mode). */
async function connectAndLink(
  api: ApiClient,
  db: Db,
  crm: { url: string; apiKey: string; apiSecret: string },
  yukiUrl: string,
): Promise<{ connectionId: string; crmIdOf: Map<string, string> }> {
  const connected = await api.request('POST', '/api/connections/crm', {
    system: 'simplicate',
    baseUrl: crm.url,
    apiKey: crm.apiKey,
    apiSecret: crm.apiSecret,
    webhookSecret: WEBHOOK_SECRET,
  });
  if (connected.status !== 201) throw new Error(`CRM connect failed: ${JSON.stringify(connected.body)}`);
  const creds = await simJson<{
    portalId: string;
    accessKeys: { key: string }[];
    platformTokens: { token: string }[];
  }>(yukiUrl, '/__sim/credentials');
  const portal = await api.request('POST', '/api/connections/portal', {
    accessKey: creds.accessKeys[0]?.key,
    platformToken: creds.platformTokens[0]?.token,
    portalId: creds.portalId,
    baseUrl: yukiUrl,
  });
  if (portal.status !== 201) throw new Error(`portal connect failed: ${JSON.stringify(portal.body)}`);
  type Listed = { administrations: { id: string }[] };
  // The first CRM read runs as a job: wait until every organisation is mirrored (suggestions come from the mirror).
  for (let waited = 0; ; waited += 200) {
    const mirrored = await db
      .selectFrom('crm_organizations')
      .select(db.fn.countAll<number>().as('count'))
      .executeTakeFirstOrThrow();
    if (mirrored.count >= ORGS) break;
    if (waited > 120_000) throw new Error(`only ${String(mirrored.count)} CRM organisations were imported`);
    await sleep(200);
  }
  const listed = (await api.request('GET', '/api/administrations')).body as Listed;
  if (listed.administrations.length !== ORGS)
    throw new Error(`${String(listed.administrations.length)} administrations were imported from Yuki`);
  const crmIdOf = new Map<string, string>();
  await eachLimited(listed.administrations, 4, async (administration) => {
    const detail = (await api.request('GET', `/api/administrations/${administration.id}`)).body as {
      suggestions: { externalId: string }[];
    };
    const crmId = detail.suggestions[0]?.externalId;
    if (crmId === undefined) return;
    const linked = await api.request('PUT', `/api/administrations/${administration.id}/link`, {
      crmExternalId: crmId,
      mode: 'manual',
    });
    if (linked.status !== 200) throw new Error(`link failed: ${JSON.stringify(linked.body)}`);
    crmIdOf.set(administration.id, crmId);
  });
  if (crmIdOf.size < ORGS * 0.9) throw new Error(`only ${String(crmIdOf.size)} administrations could be linked`);
  return { connectionId: (connected.body as { id: string }).id, crmIdOf };
}

/** Sends `count` edits at RATE per second, round-robin over the linked organisations, while polling the queue. */
async function measure(api: ApiClient, crmUrl: string, crmIdOf: Map<string, string>, count: number, tag: string) {
  const administrations = [...crmIdOf.keys()];
  const edits: Edit[] = [];
  const polls: number[] = [];
  const outstanding = new Map<string, Edit[]>();
  const sender = { done: false };
  const poller = (async () => {
    while (!sender.done || outstanding.size > 0) {
      const pollStarted = performance.now();
      const review = (await api.request('GET', '/api/review')).body as Review;
      const seenAt = performance.now();
      polls.push(seenAt - pollStarted);
      for (const group of review.groups) {
        const waiting = outstanding.get(group.administrationId);
        const shown = group.changes.find((change) => change.field === 'companyName')?.newValue;
        const index = waiting?.findIndex((edit) => edit.value === shown) ?? -1;
        if (waiting === undefined || index < 0) continue;
        // A later edit folds over an earlier one not yet seen: both count as seen now (an upper bound for the first).
        for (const edit of waiting.splice(0, index + 1)) edit.seenAt = seenAt;
        if (waiting.length === 0) outstanding.delete(group.administrationId);
      }
      if (edits.length > 0 && performance.now() - (edits.at(-1)?.sentAt ?? 0) > 60_000) break;
      const pause = POLL_MS - (performance.now() - pollStarted);
      if (pause > 0) await sleep(pause);
    }
  })();
  const started = performance.now();
  for (let i = 0; i < count; i += 1) {
    const due = started + (i * 1000) / RATE;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    const administrationId = administrations[i % administrations.length] ?? '';
    const edit: Edit = {
      administrationId,
      value: `Bench ${tag}${String(i)} B.V.`,
      sentAt: performance.now(),
      sentEpochMs: Date.now(),
      seenAt: null,
    };
    edits.push(edit);
    outstanding.set(administrationId, [...(outstanding.get(administrationId) ?? []), edit]);
    await simJson(crmUrl, `/__sim/organizations/${crmIdOf.get(administrationId) ?? ''}`, {
      method: 'PATCH',
      body: { name: edit.value },
    });
  }
  sender.done = true;
  await poller;
  return { edits, pollMs: median(polls) };
}

export async function webhookBenchmark(): Promise<BenchResult[]> {
  const key = BENCH_CRM_KEY;
  const seed = 515;
  const crmSim = await startBenchCrmSim(seed, ORGS);
  const yukiSim = await startYukiSim({ port: 0, seed, orgs: ORGS, extra: { dailyCallLimit: '10000000' } });
  const database = await createBenchDatabase();
  // The simulators listen on http://127.0.0.1.
  const crmhub = await startCrmhub(crmhubEnv(database.url, { CRMHUB_ALLOW_INSECURE_LOOPBACK: 'true' }));
  try {
    const api = await setupAndLogin(crmhub.url);
    const { connectionId, crmIdOf } = await connectAndLink(
      api,
      database.handle.db,
      { url: crmSim.url, ...key },
      yukiSim.url,
    );
    await simJson(crmSim.url, '/__sim/webhooks', {
      method: 'POST',
      body: { url: `${crmhub.url}/api/webhooks/crm/${connectionId}`, secret: WEBHOOK_SECRET },
    });
    await measure(api, crmSim.url, crmIdOf, WARM_UP, 'w');
    const { edits, pollMs } = await measure(api, crmSim.url, crmIdOf, EDITS, 'm');
    const lost = edits.filter((edit) => edit.seenAt === null).length;
    if (lost > 0) throw new Error(`${String(lost)} of ${String(EDITS)} edits never showed in the review queue`);
    const latencies = edits.map((edit) => (edit.seenAt ?? 0) - edit.sentAt).sort((a, b) => a - b);
    // Where the time goes: edit → crmhub starts ingesting the re-read record (history `at`), and the rest.
    const { db } = database.handle;
    const histories = await db
      .selectFrom('sync_changes')
      .select('history')
      .where('field', '=', 'companyName')
      .execute();
    const detectedAt = new Map(
      histories.flatMap((row) => row.history.map((entry) => [entry.value, Date.parse(entry.at)])),
    );
    const toDetect = edits.map((edit) => (detectedAt.get(edit.value) ?? Number.NaN) - edit.sentEpochMs);
    process.stderr.write(
      `  ${String(EDITS)} edits at ${String(RATE)}/s over ${String(crmIdOf.size)} linked administrations; ` +
        `max ${round(latencies.at(-1) ?? 0)} ms; median edit → ingest ${round(median(toDetect))} ms, GET /api/review ${round(pollMs)} ms\n`,
    );
    return [
      { name: 'sync.webhook_to_queue_p99_ms', value: round(percentile(latencies, 99)), unit: 'ms' },
      { name: 'sync.webhook_to_queue_p50_ms', value: round(percentile(latencies, 50)), unit: 'ms' },
    ];
  } finally {
    await stopCrmhub(crmhub.child);
    await database.close();
    await crmSim.close();
    await yukiSim.close();
  }
}
