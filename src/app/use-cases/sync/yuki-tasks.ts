/**
 * The assisted write mode (docs/external-systems/yuki.md#write-modes): approved changes become "apply in Yuki" tasks;
 * a documented re-read closes them ("verified in Yuki") or marks a mismatch; fields no documented read returns close
 * when a person marks them done. Every step is audited with the mode that applied the change.
 */
import { appendAudit } from '../../../adapters/db/repos/audit.repo.js';
import { transition } from '../../../adapters/db/repos/changes.repo.js';
import { updateBaseline } from '../../../adapters/db/repos/links.repo.js';
import { visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import {
  createYukiTasks,
  findYukiTask,
  lockChangeApproved,
  openYukiTasks,
  setWriteMode,
  updateYukiTask,
  writeModeOf,
} from '../../../adapters/db/repos/yuki-tasks.repo.js';
import { ok } from '../../../core/result.js';
import { fieldValuesOfProfile, unknownSyncFields } from '../../../core/sync/mapping.js';
import { normalizeFieldValues } from '../../../core/sync/normalize.js';
import { taskVerdict } from '../../../core/sync/write-mode.js';
import { fail } from '../failure.js';
import { changeAuditedSetting } from '../user-audit.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { StoredChange } from '../../../adapters/db/repos/changes.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { YukiTaskListed } from '../../../adapters/db/repos/yuki-tasks.repo.js';
import type { PortalAdministration } from '../../../core/connector.js';
import type { SyncField } from '../../../core/sync/fields.js';
import type { WriteMode } from '../../../core/sync/write-mode.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

export type { YukiTaskListed };

/** Turns approved changes into tasks, once per change (a second run, e.g. after a restart, creates nothing). */
export async function createTasksFor(
  db: Db,
  input: {
    readonly portalId: string;
    readonly administrationId: string;
    readonly changes: readonly StoredChange[];
    readonly unknown: ReadonlySet<SyncField>;
    readonly now: Date;
  },
): Promise<number> {
  const created = await createYukiTasks(
    db,
    input.changes.map((change) => ({
      changeId: change.id,
      administrationId: input.administrationId,
      field: change.field,
      oldValue: change.oldValue,
      newValue: change.newValue,
      verifiable: !input.unknown.has(change.field),
    })),
    input.now,
  );
  const fresh = new Set(created);
  await appendAudit(
    db,
    input.changes
      .filter((change) => fresh.has(change.id))
      .map((change) => ({
        portalId: input.portalId,
        action: 'yuki_task_created',
        administrationId: input.administrationId,
        changeId: change.id,
        field: change.field,
        oldValue: change.oldValue,
        newValue: change.newValue,
        details: { mode: 'assisted' },
        at: input.now,
      })),
  );
  return created.length;
}

/** The task's change is applied: recorded, baseline moved, audited as verified in Yuki or as done by a person. */
async function closeApplied(
  trx: Db,
  task: YukiTaskListed,
  portalId: string,
  how: { readonly by: User | null; readonly now: Date },
): Promise<boolean> {
  const closed = await updateYukiTask(trx, task.id, {
    state: how.by === null ? 'verified' : 'done',
    now: how.now,
    closedBy: how.by?.id ?? null,
  });
  if (!closed) return false;
  await transition(trx, task.changeId, 'apply', how.now);
  await updateBaseline(trx, task.administrationId, { [task.field]: task.newValue });
  await appendAudit(trx, [
    {
      portalId,
      action: how.by === null ? 'yuki_task_verified' : 'yuki_task_done',
      actorUserId: how.by?.id ?? null,
      administrationId: task.administrationId,
      changeId: task.changeId,
      field: task.field,
      oldValue: task.oldValue,
      newValue: task.newValue,
      details: { mode: 'assisted' },
      at: how.now,
    },
  ]);
  return true;
}

type Verified = { verified: number; mismatches: number; withdrawn: number };

/** One task against the administration as Yuki's documented read shows it. */
async function verifyOne(
  trx: Db,
  portalId: string,
  task: YukiTaskListed,
  read: PortalAdministration,
  now: Date,
): Promise<keyof Verified | null> {
  if (unknownSyncFields(read.unknown).has(task.field)) return null;
  const shown = normalizeFieldValues(fieldValuesOfProfile(read.profile))[task.field].value;
  const verdict = taskVerdict(task, shown);
  if (verdict === 'applied') return (await closeApplied(trx, task, portalId, { by: null, now })) ? 'verified' : null;
  if (verdict === 'waiting' || (task.state === 'mismatch' && task.portalValue === shown)) return null;
  await updateYukiTask(trx, task.id, { state: 'mismatch', portalValue: shown, now });
  await appendAudit(trx, [
    {
      portalId,
      action: 'yuki_task_mismatch',
      administrationId: task.administrationId,
      changeId: task.changeId,
      field: task.field,
      oldValue: task.oldValue,
      newValue: task.newValue,
      details: { mode: 'assisted', portalValue: shown },
      at: now,
    },
  ]);
  return 'mismatches';
}

/**
 * After a documented re-read of the portal (the import poll): closes each open task whose value Yuki now shows,
 * marks a mismatch when Yuki shows neither the old nor the new value, and withdraws tasks whose change is gone.
 */
export async function verifyYukiTasks(
  deps: AppDeps,
  portalId: string,
  administrations: readonly PortalAdministration[],
): Promise<Verified> {
  const counts: Verified = { verified: 0, mismatches: 0, withdrawn: 0 };
  const byExternalId = new Map(administrations.map((a) => [a.id.toLowerCase(), a]));
  const tasks = await openYukiTasks(deps.db, portalId, null);
  const now = deps.clock();
  for (const task of tasks) {
    await deps.db.transaction().execute(async (trx) => {
      if (!(await lockChangeApproved(trx, task.changeId))) {
        if (await updateYukiTask(trx, task.id, { state: 'withdrawn', now })) counts.withdrawn += 1;
        return;
      }
      const read = byExternalId.get(task.administrationExternalId.toLowerCase());
      const outcome = read === undefined ? null : await verifyOne(trx, portalId, task, read, now);
      if (outcome !== null) counts[outcome] += 1;
    });
  }
  return counts;
}

/** A person applied a field no documented read returns: closes its task (refused for fields crmhub verifies itself). */
export async function markYukiTaskDone(deps: AppDeps, user: User, id: string): Promise<Outcome<void>> {
  const task = await findYukiTask(deps.db, user.portalId, id);
  const domains = await visibleDomainIds(deps.db, user);
  if (task === null || (domains !== null && !domains.includes(task.domainId))) return fail('not_found', 'no such task');
  if (task.verifiable) {
    return fail('yuki_task_verified_by_read', 'crmhub closes this task itself when Yuki shows the new value');
  }
  const closed = await deps.db.transaction().execute(async (trx) => {
    if (!(await lockChangeApproved(trx, task.changeId))) return false;
    return closeApplied(trx, task, user.portalId, { by: user, now: deps.clock() });
  });
  return closed ? ok(undefined) : fail('yuki_task_not_open', 'the task was closed or its change replaced');
}

/** Open tasks the user may see. */
export async function listYukiTasks(deps: AppDeps, user: User): Promise<YukiTaskListed[]> {
  return openYukiTasks(deps.db, user.portalId, await visibleDomainIds(deps.db, user));
}

export async function writeMode(deps: AppDeps, portalId: string): Promise<WriteMode> {
  return writeModeOf(deps.db, portalId);
}

/** Sets the portal's write mode (a portal administrator's choice); the trail records the old and new mode. */
export async function changeWriteMode(deps: AppDeps, user: User, mode: WriteMode): Promise<WriteMode> {
  return changeAuditedSetting(deps, user, 'write_mode_changed', { write: setWriteMode, value: mode });
}
