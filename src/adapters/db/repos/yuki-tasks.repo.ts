/** "Apply in Yuki" tasks of the assisted write mode, and the portal's write mode (docs/external-systems/yuki.md#write-modes). */
import { sql } from 'kysely';

import { camelColumns } from './camel-row.js';
import { idsToMatch } from './portal.repo.js';
import { portalSetting, replacePortalSetting } from './settings.repo.js';

import type { SyncField } from '../../../core/sync/fields.js';
import type { WriteMode, YukiTaskState } from '../../../core/sync/write-mode.js';
import type { Db } from '../pool.js';

export type YukiTask = {
  readonly id: string;
  readonly changeId: string;
  readonly administrationId: string;
  readonly field: SyncField;
  readonly oldValue: string | null;
  readonly newValue: string | null;
  readonly verifiable: boolean;
  readonly state: YukiTaskState;
  readonly portalValue: string | null;
  readonly createdAt: Date;
  readonly checkedAt: Date | null;
};

/** A task with where it points: its administration and domain (for the list and the link to Yuki). */
export type YukiTaskListed = YukiTask & {
  readonly administrationName: string;
  readonly administrationExternalId: string;
  readonly domainId: string;
  readonly domainName: string;
  readonly domainUrl: string | null;
};

export async function writeModeOf(db: Db, portalId: string): Promise<WriteMode> {
  return portalSetting(db, portalId, 'write_mode');
}

/** Sets the write mode; returns the previous one (for the audit trail). */
export async function setWriteMode(db: Db, portalId: string, mode: WriteMode): Promise<WriteMode> {
  return replacePortalSetting(db, portalId, 'write_mode', mode);
}

/** Creates one task per change; a change that has one already keeps it (returns only the new ones' change ids). */
export async function createYukiTasks(
  db: Db,
  tasks: readonly {
    changeId: string;
    administrationId: string;
    field: SyncField;
    oldValue: string | null;
    newValue: string | null;
    verifiable: boolean;
  }[],
  now: Date,
): Promise<string[]> {
  if (tasks.length === 0) return [];
  const rows = await db
    .insertInto('yuki_tasks')
    .values(
      tasks.map((t) => ({
        change_id: t.changeId,
        administration_id: t.administrationId,
        field: t.field,
        old_value: t.oldValue,
        new_value: t.newValue,
        verifiable: t.verifiable,
        created_at: now,
      })),
    )
    .onConflict((oc) => oc.column('change_id').doNothing())
    .returning('change_id')
    .execute();
  return rows.map((row) => row.change_id);
}

/** Change ids of an administration that already have a task (the apply job leaves them to the task). */
export async function changesWithTask(db: Db, administrationId: string): Promise<Set<string>> {
  const rows = await db
    .selectFrom('yuki_tasks')
    .select('change_id')
    .where('administration_id', '=', administrationId)
    .execute();
  return new Set(rows.map((row) => row.change_id));
}

function taskQuery(db: Db, portalId: string) {
  return db
    .selectFrom('yuki_tasks as t')
    .innerJoin('administrations as a', 'a.id', 't.administration_id')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .select([
      ...camelColumns(['id', 'change_id', 'administration_id'], 't'),
      sql<SyncField>`t.field`.as('field'),
      ...camelColumns(
        ['old_value', 'new_value', 'verifiable', 'state', 'portal_value', 'created_at', 'checked_at'],
        't',
      ),
      'a.name as administrationName',
      'a.external_id as administrationExternalId',
      'd.id as domainId',
      'd.name as domainName',
      'd.url as domainUrl',
    ])
    .where('d.portal_id', '=', portalId);
}

/** Open and mismatched tasks of the portal (in the given domains; null = all), oldest first. */
export async function openYukiTasks(
  db: Db,
  portalId: string,
  domains: readonly string[] | null,
): Promise<YukiTaskListed[]> {
  let query = taskQuery(db, portalId).where('t.state', 'in', ['open', 'mismatch']);
  if (domains !== null) query = query.where('a.domain_id', 'in', idsToMatch(domains));
  return query.orderBy('d.name').orderBy('a.name').orderBy('t.created_at').execute();
}

export async function findYukiTask(db: Db, portalId: string, id: string): Promise<YukiTaskListed | null> {
  return (await taskQuery(db, portalId).where('t.id', '=', id).executeTakeFirst()) ?? null;
}

/** Moves an open (or mismatched) task on; false when it was no longer open (someone else closed it). */
export async function updateYukiTask(
  db: Db,
  id: string,
  input: { state: YukiTaskState; portalValue?: string | null; now: Date; closedBy?: string | null },
): Promise<boolean> {
  const closing = input.state !== 'open' && input.state !== 'mismatch';
  const row = await db
    .updateTable('yuki_tasks')
    .set({
      state: input.state,
      checked_at: input.now,
      ...(input.portalValue === undefined ? {} : { portal_value: input.portalValue }),
      ...(closing ? { closed_at: input.now, closed_by: input.closedBy ?? null } : {}),
    })
    .where('id', '=', id)
    .where('state', 'in', ['open', 'mismatch'])
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** How many tasks of the portal are open, and how many of those Yuki shows differently. */
export async function countOpenYukiTasks(db: Db, portalId: string): Promise<{ open: number; mismatch: number }> {
  const rows = await taskQuery(db, portalId).where('t.state', 'in', ['open', 'mismatch']).execute();
  return { open: rows.length, mismatch: rows.filter((row) => row.state === 'mismatch').length };
}

/** Locks a task's change for the rest of the transaction and says whether it still waits to be applied. */
export async function lockChangeApproved(db: Db, changeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('sync_changes')
    .select('state')
    .where('id', '=', changeId)
    .forUpdate()
    .executeTakeFirst();
  return row?.state === 'approved';
}
