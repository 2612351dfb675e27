// Steps the sync integration tests share: pair CRM organisations with Yuki administrations, link and settle them,
// send signed webhooks, wait until the background jobs are done, and read both simulators and the change table.
import { createHmac } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';

import { eventually } from './sync-world.js';

import type { SyncWorld } from './sync-world.js';

export type SimOrg = {
  id: string;
  name: string;
  coc_code?: string | null;
  email?: string | null;
  phone?: string | null;
  updated_at: string;
};
export type SimAdministration = {
  id: string;
  domainId: string;
  name: string;
  cocNumber: string;
  emailAddress: string;
  phone: string;
  modifiedAt: string;
} & Record<string, unknown>;

/** An administration as the tests address it: crmhub's id, Yuki's ids, and the CRM organisation it belongs to. */
export type Pair = {
  readonly administrationId: string;
  readonly externalId: string;
  readonly domainExternalId: string;
  readonly domainId: string;
  readonly crmId: string;
  readonly name: string;
};

export type ChangeRow = {
  id: string;
  administration_id: string;
  field: string;
  state: string;
  old_value: string | null;
  new_value: string | null;
  portal_value: string | null;
  invalid_reason: string | null;
  next_attempt_at: Date | null;
  /** What a person must do about the last failure (docs/errors.md#change-failures). */
  last_error_code: string | null;
};

// The sweep too: it runs when a worker starts and queues applies of its own.
const SYNC_QUEUES = ['crm-record', 'crm-sync', 'apply-changes', 'apply-sweep'];

/**
 * The seeded simulators generate the same firms in the same order: the i-th CRM organisation belongs to the i-th Yuki
 * administration. Checked by name, so a change in either generator fails here rather than somewhere obscure.
 */
export async function pairs(world: SyncWorld, count: number): Promise<Pair[]> {
  const orgs = (await world.simJson<{ items: SimOrg[] }>(world.crm.url, `/__sim/organizations?limit=${count}`)).items;
  const admins = (
    await world.simJson<{ items: SimAdministration[] }>(world.yuki.url, `/__sim/administrations?limit=${count}`)
  ).items;
  const rows = await world.server.deps.db
    .selectFrom('administrations as a')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .select(['a.id', 'a.external_id', 'a.domain_id', 'd.external_id as domain_external_id'])
    .execute();
  const byExternal = new Map(rows.map((row) => [row.external_id, row]));
  return admins.map((admin, index) => {
    const org = orgs[index];
    const row = byExternal.get(admin.id);
    if (org === undefined || row === undefined) throw new Error(`no CRM organisation or import for ${admin.name}`);
    if (org.name !== admin.name) throw new Error(`CRM #${index} is ${org.name} but Yuki #${index} is ${admin.name}`);
    return {
      administrationId: row.id,
      externalId: admin.id,
      domainExternalId: row.domain_external_id,
      domainId: row.domain_id,
      crmId: org.id,
      name: admin.name,
    };
  });
}

/**
 * Waits until no CRM read, apply or apply sweep is queued or running (the poll and other schedules are left alone).
 * `ignore` names jobs a killed worker left active: pg-boss only hands those back when they expire. On timeout the
 * error lists the jobs and the database sessions, to tell a job nobody runs from one that hangs.
 */
export async function waitQuiet(
  world: SyncWorld,
  options: { timeoutMs?: number; ignore?: ReadonlySet<string> } = {},
): Promise<void> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const ignore = [...(options.ignore ?? []), '00000000-0000-0000-0000-000000000000'];
  for (;;) {
    const { rows } = await sql<{ count: number }>`
      SELECT count(*)::int AS count FROM pgboss.job
      WHERE name IN (${sql.join(SYNC_QUEUES)}) AND state IN ('created', 'retry', 'active')
        AND id NOT IN (${sql.join(ignore)})`.execute(world.server.deps.db);
    if ((rows[0]?.count ?? 0) === 0) return;
    if (Date.now() > deadline) {
      const stuck = await sql<Record<string, unknown>>`
        SELECT id, name, state, retry_count, created_on, started_on, start_after, data FROM pgboss.job
        WHERE name IN (${sql.join(SYNC_QUEUES)}) AND state IN ('created', 'retry', 'active')`.execute(
        world.server.deps.db,
      );
      const activity = await sql<Record<string, unknown>>`
        SELECT pid, application_name, state, wait_event_type, wait_event, left(query, 120) AS query, xact_start FROM pg_stat_activity
        WHERE datname = current_database()`.execute(world.server.deps.db);
      throw new Error(
        `sync jobs still running: ${JSON.stringify(stuck.rows)}; sessions: ${JSON.stringify(activity.rows)}`,
      );
    }
    await sleep(25);
  }
}

/** The sync jobs running right now (after killing a worker: the ones it left behind). */
export async function activeJobIds(world: SyncWorld): Promise<string[]> {
  const { rows } = await sql<{ id: string }>`
    SELECT id::text AS id FROM pgboss.job WHERE name IN (${sql.join(SYNC_QUEUES)}) AND state = 'active'`.execute(
    world.server.deps.db,
  );
  return rows.map((row) => row.id);
}

/** Sync jobs that pg-boss gave up on (each one is a bug: work items record their own failures). */
export async function failedJobs(world: SyncWorld): Promise<{ name: string; output: unknown }[]> {
  const { rows } = await sql<{ name: string; output: unknown }>`
    SELECT name, output FROM pgboss.job WHERE name IN (${sql.join(SYNC_QUEUES)}) AND state = 'failed'`.execute(
    world.server.deps.db,
  );
  return rows;
}

/** Signs a webhook body the way Simplicate does (HMAC-SHA256 of the exact bytes). */
export function signWebhook(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

let deliveries = 0;

/**
 * Posts a CRM webhook for a record to crmhub (the world's server, or the instance at `to`); `signature` overrides (or
 * with null leaves out) the header.
 */
export async function postWebhook(
  world: SyncWorld,
  secret: string,
  recordId: string,
  options: { signature?: string | null; body?: string; to?: string } = {},
): Promise<{ status: number; body: { code?: string } }> {
  // Each call is its own delivery: identical bodies within 10 minutes count once (docs/external-systems/simplicate.md#webhooks).
  deliveries += 1;
  const event = `${recordId.split(':')[0] ?? ''}.updated`;
  const body = options.body ?? JSON.stringify({ event, id: recordId, delivery: deliveries });
  const signature = options.signature === undefined ? signWebhook(body, secret) : options.signature;
  const response = await fetch(`${options.to ?? world.server.url}/api/webhooks/crm/${world.crmConnectionId}`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(signature === null ? {} : { 'x-webhook-signature': signature }),
    },
    body,
  });
  const text = await response.text();
  return { status: response.status, body: (text === '' ? {} : JSON.parse(text)) as { code?: string } };
}

export async function editCrm(world: SyncWorld, crmId: string, body: Record<string, unknown>): Promise<void> {
  // One second per edit, as a person typing: `updated_at` has second resolution.
  world.crm.advance(1000);
  await patchCrm(world, crmId, body);
}

/** An edit in the CRM simulator at its current clock. */
export async function patchCrm(world: SyncWorld, crmId: string, body: Record<string, unknown>): Promise<void> {
  await world.simJson(world.crm.url, `/__sim/organizations/${crmId}`, { method: 'PATCH', body });
}

export async function editPortal(world: SyncWorld, externalId: string, body: Record<string, unknown>): Promise<void> {
  await world.simJson(world.yuki.url, `/__sim/administrations/${externalId}`, { method: 'PATCH', body });
}

export async function yukiAdministration(world: SyncWorld, externalId: string): Promise<SimAdministration> {
  return world.simJson<SimAdministration>(world.yuki.url, `/__sim/administrations/${externalId}`);
}

/** Open (and optionally other) changes of administrations, straight from the table. */
export async function changesOf(
  world: SyncWorld,
  administrationIds: readonly string[],
  states: readonly string[] = ['pending', 'approved', 'conflict', 'failed'],
): Promise<ChangeRow[]> {
  if (administrationIds.length === 0) return [];
  return world.server.deps.db
    .selectFrom('sync_changes')
    .select([
      'id',
      'administration_id',
      'field',
      'state',
      'old_value',
      'new_value',
      'portal_value',
      'invalid_reason',
      'next_attempt_at',
      'last_error_code',
    ])
    .where('administration_id', 'in', administrationIds)
    .where('state', 'in', states as ('pending' | 'approved' | 'conflict' | 'failed')[])
    .orderBy('detected_at')
    .execute();
}

/** Links through the API (no dry-run shortcut: the same call the UI makes) and waits for what linking queued. */
export async function link(world: SyncWorld, pair: Pair, mode: 'automatic' | 'manual'): Promise<void> {
  const linked = await world.admin.request('PUT', `/api/administrations/${pair.administrationId}/link`, {
    crmExternalId: pair.crmId,
    mode,
  });
  if (linked.status !== 200) throw new Error(`link failed: ${JSON.stringify(linked.body)}`);
  await waitQuiet(world);
}

/**
 * Approves every open change of the administrations, clears included (bulk, per administration), and waits until none
 * is left to apply; invalid values stay held. Used to start a test from synchronised administrations.
 */
export async function settle(world: SyncWorld, administrationIds: readonly string[]): Promise<void> {
  for (const administrationId of administrationIds) {
    const approved = await world.admin.request('POST', '/api/review/approve', {
      administrationId,
      includeClears: true,
    });
    if (approved.status !== 200) throw new Error(`bulk approve failed: ${JSON.stringify(approved.body)}`);
  }
  await waitQuiet(world);
  await eventually(async () => (await changesOf(world, administrationIds, ['approved'])).length === 0);
}

/** The crmhub id of an open change of a field, once it exists. */
export async function openChange(world: SyncWorld, administrationId: string, field: string): Promise<ChangeRow> {
  return eventually(async () => (await changesOf(world, [administrationId])).find((change) => change.field === field));
}

/** How many jobs of a queue pg-boss holds in any state. */
export async function jobCount(world: SyncWorld, name: string): Promise<number> {
  const { rows } = await sql<{ count: number }>`
    SELECT count(*)::int AS count FROM pgboss.job WHERE name = ${name}`.execute(world.server.deps.db);
  return rows[0]?.count ?? 0;
}

/** A CRM edit of a linked organisation, told by signed webhook, and its held change of `field` approved; its id. */
export async function approveCrmEdit(
  world: SyncWorld,
  webhookSecret: string,
  target: Pick<Pair, 'crmId' | 'administrationId'>,
  field: string,
  edit: Record<string, unknown>,
): Promise<string> {
  await editAndNotify(world, webhookSecret, target, edit);
  const change = await openChange(world, target.administrationId, field);
  const approved = await world.admin.request('POST', `/api/review/changes/${change.id}/approve`, {});
  if (approved.status !== 200) throw new Error(`approve failed: ${JSON.stringify(approved.body)}`);
  await waitQuiet(world);
  return change.id;
}

/** The pair at `index`, or a clear error when the test asked for more than it made. */
export function pairAt(all: readonly Pair[], index: number): Pair {
  const found = all[index];
  if (found === undefined) throw new Error(`no administration #${String(index)}`);
  return found;
}

/** The first `count` pairs, named by their index as the tests do (`pair(0)`). */
export async function pairsByIndex(world: SyncWorld, count: number): Promise<(index: number) => Pair> {
  const all = await pairs(world, count);
  return (index) => pairAt(all, index);
}

/** A CRM edit announced by a correctly signed webhook, and the reads and applies it caused. */
export async function editAndNotify(
  world: SyncWorld,
  webhookSecret: string,
  target: Pick<Pair, 'crmId'>,
  body: Record<string, unknown>,
): Promise<void> {
  await editCrm(world, target.crmId, body);
  const notified = await postWebhook(world, webhookSecret, target.crmId);
  if (notified.status !== 202) throw new Error(`webhook answered ${String(notified.status)}`);
  await waitQuiet(world);
}
