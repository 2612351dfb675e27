/** Voys / VoIPGRID call notifications: sender check, then each step recorded once and popped up for the users it names. */
import { parseVoysNotification } from '../../../adapters/pbx/voys.js';
import { ok } from '../../../core/result.js';
import { addRungUsers, ingestCallEvent } from './call-events.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { PbxError } from '../../../adapters/pbx/errors.js';
import type { VoysEvent } from '../../../adapters/pbx/voys.js';
import type { Result } from '../../../core/result.js';
import type { IngestOutcome } from './call-events.js';
import type { PbxCaller } from './pbx-integrations.js';

/** How far a notification's timestamp may be from crmhub's clock; older ones are replays or a broken clock. */
export const VOYS_CLOCK_SKEW_MS = 24 * 3600_000;

/** Why a well-formed notification changed nothing it could. */
export const voysIgnoreReasons = ['status_unknown', 'version_unsupported', 'timestamp_stale'] as const;
export type VoysIgnoreReason = (typeof voysIgnoreReasons)[number];

export type VoysOutcome =
  | (IngestOutcome & { readonly step: VoysEvent['step'] })
  | {
      readonly status: 'ignored';
      readonly callId: string;
      readonly reason: VoysIgnoreReason;
      /** The value that made it ignored (the status, the version, the timestamp). */
      readonly detail: string;
    };

/**
 * Parses and records one notification. `created` and `ringing` ring the users they name (a repeated `ringing` adds
 * the devices that now ring too), `in-progress` and `ended` move the call on, a transfer adds its new party; a replay
 * or an older step changes nothing (`duplicate`), so notifications may arrive in any order. No step ever pops up an
 * error: what crmhub cannot act on is `ignored` with a reason, a body that is no notification an error.
 */
export async function ingestVoysNotification(
  db: Db,
  caller: PbxCaller,
  rawBody: Buffer,
  now: Date,
): Promise<Result<VoysOutcome, PbxError>> {
  const parsed = parseVoysNotification(rawBody);
  if (!parsed.ok) return parsed;
  const notification = parsed.value;
  if (notification.kind === 'ignored') {
    const { callId, reason, detail } = notification;
    return ok({ status: 'ignored', callId, reason, detail });
  }
  const { event, step, targets } = notification;
  if (Math.abs(Date.parse(event.at) - now.getTime()) > VOYS_CLOCK_SKEW_MS) {
    return ok({ status: 'ignored', callId: event.callId, reason: 'timestamp_stale', detail: event.at });
  }
  if (step === 'ringing') {
    // Usually `created` recorded the call a moment ago: only the users this ringing names may be new to it.
    const added = await addRungUsers(db, caller, event, { named: targets, transfer: false });
    if (added !== null) return ok({ ...added, step });
  }
  const recorded = await ingestCallEvent(db, caller, event, targets);
  // A new call popped up for the users named already; a call recorded meanwhile (or a transfer) may still add some.
  const adds = step === 'transfer' || (step === 'ringing' && recorded.status === 'duplicate');
  if (!adds) return ok({ ...recorded, step });
  const added = await addRungUsers(db, caller, event, { named: targets, transfer: step === 'transfer' });
  return ok(added === null || added.status === 'duplicate' ? { ...recorded, step } : { ...added, step });
}
