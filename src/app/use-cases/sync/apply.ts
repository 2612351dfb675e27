/**
 * Brings approved changes of one administration to the portal, by its GUID, one way only: in the automatic write mode
 * by writing them, in the assisted one as "apply in Yuki" tasks (yuki-tasks.ts). The stale guard re-reads the portal
 * first: a field the portal changed since detection goes back to a person as a conflict.
 */
import { appendAudit } from '../../../adapters/db/repos/audit.repo.js';
import { approvedChangesOf, scheduleRetry, transition } from '../../../adapters/db/repos/changes.repo.js';
import { findLiveConnection, recordConnectionRun } from '../../../adapters/db/repos/connections.repo.js';
import { lockLink, updateBaseline } from '../../../adapters/db/repos/links.repo.js';
import { findAdministration, upsertAdministrationProfile } from '../../../adapters/db/repos/portal.repo.js';
import { announceReviewChange } from '../../../adapters/db/repos/review-notices.repo.js';
import { changesWithTask, writeModeOf } from '../../../adapters/db/repos/yuki-tasks.repo.js';
import { changeFailureCodeOf, decideOnFailure, isGrantReason } from '../../../core/sync/failure.js';
import {
  fieldValuesOfProfile,
  knownProfile,
  profileKeyOf,
  profilePatchOf,
  unknownSyncFields,
} from '../../../core/sync/mapping.js';
import { normalizeFieldValues } from '../../../core/sync/normalize.js';
import { isStale } from '../../../core/sync/plan.js';
import { portalTargetOf } from './connectors.js';
import { createTasksFor } from './yuki-tasks.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { AuditEntry } from '../../../adapters/db/repos/audit.repo.js';
import type { StoredChange } from '../../../adapters/db/repos/changes.repo.js';
import type { AdministrationRef, CallPriority, ConnectorError, PortalTarget } from '../../../core/connector.js';
import type { SyncField } from '../../../core/sync/fields.js';
import type { WriteMode } from '../../../core/sync/write-mode.js';
import type { AppDeps } from '../../deps.js';

export type ApplyOutcome = {
  readonly applied: number;
  /** Assisted mode: "apply in Yuki" tasks created by this run. */
  readonly tasks?: number;
  readonly conflicts: number;
  readonly failed: number;
  readonly retryAt: Date | null;
};

const nothing: ApplyOutcome = { applied: 0, conflicts: 0, failed: 0, retryAt: null };

async function handleFailure(
  db: Db,
  portalId: string,
  changes: readonly StoredChange[],
  error: ConnectorError,
  now: Date,
): Promise<ApplyOutcome> {
  const attempt = Math.max(...changes.map((change) => change.attempts)) + 1;
  const decision = decideOnFailure(error, attempt, now);
  const code = changeFailureCodeOf(error);
  const audit: AuditEntry[] = [];
  if (decision.kind === 'give_up') {
    for (const change of changes) {
      await transition(db, change.id, 'fail', now, { failure: error, lastErrorCode: code });
      audit.push({
        portalId,
        action: 'change_failed',
        administrationId: change.administrationId,
        changeId: change.id,
        field: change.field,
        newValue: change.newValue,
        reasonCode: 'write_failed',
        reasonParams: { errorCode: error.code, message: error.message },
        ...(code === null ? {} : { details: { code } }),
        at: now,
      });
    }
    await appendAudit(db, audit);
    return { ...nothing, failed: changes.length };
  }
  for (const change of changes) {
    await scheduleRetry(db, change.id, { at: decision.at, error, code, now });
    audit.push({
      portalId,
      action: 'change_retry_scheduled',
      administrationId: change.administrationId,
      changeId: change.id,
      field: change.field,
      reasonCode: 'retry_scheduled',
      reasonParams: { errorCode: error.code, message: error.message, nextAttemptAt: decision.at.toISOString() },
      at: now,
    });
  }
  await appendAudit(db, audit);
  return { ...nothing, retryAt: decision.at };
}

type ApplyContext = {
  readonly trx: Db;
  readonly portalId: string;
  readonly portalConnectionId: string;
  readonly administrationId: string;
  readonly target: PortalTarget;
  readonly ref: AdministrationRef;
  readonly priority: CallPriority;
  readonly now: Date;
  readonly mode: WriteMode;
  /** Fields the portal read before writing could not see: no stale guard is possible, so they are written as asked. */
  readonly unknown: ReadonlySet<SyncField>;
};

/** What comparing the due changes with the portal found, and the audit rows it wrote so far. */
type Sorted = { audit: AuditEntry[]; toWrite: StoredChange[]; applied: number; conflicts: number };

/** Each due change against the portal's current value: already there (recorded), a conflict, or still to write. */
async function sortAgainstPortal(
  ctx: ApplyContext,
  due: readonly StoredChange[],
  portalNow: ReturnType<typeof normalizeFieldValues>,
): Promise<Sorted> {
  const { trx, portalId, administrationId, now } = ctx;
  const sorted: Sorted = { audit: [], toWrite: [], applied: 0, conflicts: 0 };
  const alreadyThere: Partial<Record<SyncField, string | null>> = {};
  for (const change of due) {
    const field = change.field;
    if (ctx.unknown.has(field)) {
      sorted.toWrite.push(change);
      continue;
    }
    const portalValue = portalNow[field].value;
    const base = { portalId, administrationId, changeId: change.id, field, at: now };
    if (portalValue === change.newValue) {
      // Written before (e.g. the worker died after writing, before recording it): record it, don't write again.
      await transition(trx, change.id, 'apply', now);
      alreadyThere[field] = change.newValue;
      sorted.applied += 1;
      sorted.audit.push({
        ...base,
        action: 'change_applied',
        oldValue: change.oldValue,
        newValue: change.newValue,
        reasonCode: 'portal_already_had_value',
        details: { mode: ctx.mode },
      });
    } else if (isStale(change.oldValue, portalValue)) {
      await transition(trx, change.id, 'conflict', now, { portalValue });
      sorted.conflicts += 1;
      sorted.audit.push({
        ...base,
        action: 'change_conflicted',
        oldValue: change.oldValue,
        newValue: change.newValue,
        reasonCode: 'portal_value_changed',
        reasonParams: { portalValue },
        details: { portalValue },
      });
    } else {
      sorted.toWrite.push(change);
    }
  }
  if (Object.keys(alreadyThere).length > 0) await updateBaseline(trx, administrationId, alreadyThere);
  return sorted;
}

/** A write the portal refused: retried later or given up; a refusal for good also marks the connection. */
async function writeRefused(ctx: ApplyContext, sorted: Sorted, error: ConnectorError): Promise<ApplyOutcome> {
  const { trx, now } = ctx;
  await appendAudit(trx, sorted.audit);
  const failure = await handleFailure(trx, ctx.portalId, sorted.toWrite, error, now);
  if (failure.failed > 0 && decideOnFailure(error, 1, now).kind === 'give_up') {
    await recordConnectionRun(trx, ctx.portalConnectionId, {
      ok: false,
      now,
      error,
      nextRunAt: null,
      // A refused Platform API grant is the grant's business (the page says "reconnect Visma Connect"): the portal's
      // access key still works, so the connection stays active.
      needsReconnect:
        ['auth_invalid', 'auth_expired', 'forbidden'].includes(error.code) && !isGrantReason(error.reason),
    });
  }
  return { ...failure, applied: sorted.applied, conflicts: sorted.conflicts };
}

/** Writes the remaining changes in one profile write and records them (or the refusal). */
async function writeToPortal(ctx: ApplyContext, sorted: Sorted): Promise<ApplyOutcome> {
  const { trx, administrationId, now } = ctx;
  if (sorted.toWrite.length > 0) {
    const values = Object.fromEntries(sorted.toWrite.map((change) => [change.field, change.newValue]));
    const written = await ctx.target.writeProfile(ctx.ref, profilePatchOf(values), { priority: ctx.priority });
    if (!written.ok) return writeRefused(ctx, sorted, written.error);
    for (const change of sorted.toWrite) {
      await transition(trx, change.id, 'apply', now);
      sorted.audit.push({
        portalId: ctx.portalId,
        administrationId,
        changeId: change.id,
        field: change.field,
        action: 'change_applied',
        oldValue: change.oldValue,
        newValue: change.newValue,
        details: { mode: 'automatic' },
        at: now,
      });
    }
    await updateBaseline(trx, administrationId, values);
    await upsertAdministrationProfile(
      trx,
      administrationId,
      knownProfile(written.value.profile, written.value.unknown),
      now,
    );
    sorted.applied += sorted.toWrite.length;
  }
  await appendAudit(trx, sorted.audit);
  return { applied: sorted.applied, conflicts: sorted.conflicts, failed: 0, retryAt: null };
}

/** Assisted mode: the remaining changes become tasks for a person (once per change, so a rerun adds nothing). */
async function handOver(ctx: ApplyContext, sorted: Sorted): Promise<ApplyOutcome> {
  const tasks = await createTasksFor(ctx.trx, {
    portalId: ctx.portalId,
    administrationId: ctx.administrationId,
    changes: sorted.toWrite,
    unknown: ctx.unknown,
    now: ctx.now,
  });
  await appendAudit(ctx.trx, sorted.audit);
  return { applied: sorted.applied, conflicts: sorted.conflicts, failed: 0, retryAt: null, tasks };
}

/** Announces an apply whose changes went back to the review queue (a conflict, or failed for good). */
async function backInQueue(trx: Db, administrationId: string, outcome: ApplyOutcome): Promise<ApplyOutcome> {
  if (outcome.conflicts + outcome.failed > 0) await announceReviewChange(trx, [administrationId]);
  return outcome;
}

/** Applies what is due for one administration; the link row stays locked throughout, so detection waits. */
export async function applyApprovedChanges(
  deps: AppDeps,
  portalId: string,
  administrationId: string,
): Promise<ApplyOutcome> {
  const portal = await findLiveConnection(deps.db, portalId, 'portal_target');
  if (portal?.status !== 'active') return nothing;
  const target = portalTargetOf(deps, portal);
  if (!target.ok) return nothing;
  const administration = await findAdministration(deps.db, portalId, administrationId, null);
  if (administration === null) return nothing;

  return deps.db.transaction().execute(async (trx) => {
    if ((await lockLink(trx, administrationId)) === null) return nothing;
    const now = deps.clock();
    // A change with an "apply in Yuki" task is the task's business (closed by a re-read or a person), whatever the mode.
    const tasked = await changesWithTask(trx, administrationId);
    const due = (await approvedChangesOf(trx, administrationId)).filter(
      (change) => !tasked.has(change.id) && (change.nextAttemptAt === null || change.nextAttemptAt <= now),
    );
    if (due.length === 0) return nothing;
    // A person's approval is high priority: it may spend the calls kept in reserve at the end of the day.
    const priority: CallPriority = due.some((change) => change.priority === 'high') ? 'high' : 'low';
    const ref = { domainId: administration.domainExternalId, administrationId: administration.externalId };
    const ctx: ApplyContext = {
      trx,
      portalId,
      portalConnectionId: portal.id,
      administrationId,
      target: target.value,
      ref,
      priority,
      now,
      mode: await writeModeOf(trx, portalId),
      unknown: new Set(),
    };

    const reader = target.value;
    // Only the fields about to be written: a read that returns none of them can be skipped (fewer calls on the quota).
    const fields = due.map((change) => profileKeyOf[change.field]);
    const current =
      ctx.mode === 'automatic' && reader.readProfileForWrite !== undefined
        ? await reader.readProfileForWrite(ref, { priority, fields })
        : await reader.readProfile(ref, { priority });
    if (!current.ok)
      return backInQueue(trx, administrationId, await handleFailure(trx, portalId, due, current.error, now));
    const read = { ...ctx, unknown: unknownSyncFields(current.value.unknown) };
    const portalNow = normalizeFieldValues(fieldValuesOfProfile(current.value.profile));
    const sorted = await sortAgainstPortal(read, due, portalNow);
    return backInQueue(
      trx,
      administrationId,
      read.mode === 'assisted' ? await handOver(read, sorted) : await writeToPortal(read, sorted),
    );
  });
}
