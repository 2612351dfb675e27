/** A call event from a PBX: recorded once per state (idempotent by call id), matched, and popped up to its users. */
import { randomUUID } from 'node:crypto';

import {
  addCallRecipients,
  findCallByPbxId,
  readRingContext,
  writeCallEvent,
} from '../../../adapters/db/repos/call-ingest.repo.js';
import { deliverPopups, MAX_INLINE_BYTES, POPUP_CHANNEL } from '../../../adapters/db/repos/callerid-events.repo.js';
import { callStateRank, setCallMatch } from '../../../adapters/db/repos/calls.repo.js';
import { asyncCommitRunner, preparedOf } from '../../../adapters/db/repos/prepared.js';
import { buildCallerView, classifyCaller, lookupNumberOf, restrictView } from '../../../core/callerid/caller-view.js';
import { callerLookupKeys } from '../../../core/phone/match.js';
import { normalizePhone } from '../../../core/phone/normalize.js';
import { callerOptions, liveConnectionIds } from './lookup.js';
import { buildPopup } from './popups.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { FreshDelivery, RingContext, RingTargets } from '../../../adapters/db/repos/call-ingest.repo.js';
import type { CallMatch } from '../../../adapters/db/repos/calls.repo.js';
import type { CallerView } from '../../../core/callerid/caller-view.js';
import type { CallEvent } from '../../../core/model.js';
import type { PopupCall } from './popups.js';

export type IngestOutcome = {
  /** `new`: first event of the call; `updated`: a later state; `duplicate`: nothing changed (repeat or older state). */
  readonly status: 'new' | 'updated' | 'duplicate';
  readonly callId: string;
  readonly state: CallEvent['state'];
  readonly result: CallerView['result'] | null;
  /** Users who got (or had) the pop-up. */
  readonly recipients: number;
};

export const POPUP_EVENT = 'call';

/** A summary of what matched, for the call log. */
export function matchSummary(view: CallerView): CallMatch {
  const best = view.companies[0]?.records[0];
  return {
    externalE164: view.caller.kind === 'e164' ? view.caller.e164 : null,
    result: view.result,
    ambiguous: view.ambiguous,
    bestKind: view.bestKind,
    matchCount: view.matchCount,
    bestName: best?.name ?? null,
    bestCompany: view.companies[0]?.name ?? null,
    bestSource: best?.source ?? null,
    matches: view.companies.map((c) => ({
      name: c.name,
      kvk: c.kvk,
      bestKind: c.bestKind,
      records: c.records.map((r) => ({
        source: r.source,
        name: r.name,
        field: r.field,
        matchKind: r.matchKind,
        recordId: r.recordId,
      })),
    })),
  };
}

/** A number as a user registers a direct line (E.164), or null when it is not a full number. */
function directNumber(raw: string): string | null {
  const normalized = normalizePhone(raw, callerOptions);
  return normalized.kind === 'e164' ? normalized.e164 : null;
}

/** Whom a PBX names, with numbers in the form users register them; no one for an outbound call. */
export function ringTargets(event: CallEvent, named?: RingTargets): RingTargets {
  if (event.direction !== 'in') return { extensions: [], numbers: [], emails: [] };
  if (named === undefined) {
    // The ringing extension and the number dialled (a user's direct line).
    const dialled = directNumber(event.to);
    return {
      extensions: event.extension === null ? [] : [event.extension],
      numbers: dialled === null ? [] : [dialled],
      emails: [],
    };
  }
  return {
    extensions: named.extensions,
    numbers: [...new Set(named.numbers.map(directNumber).filter((n) => n !== null))],
    emails: named.emails,
  };
}

type Ring = { readonly view: CallerView; readonly deliveries: FreshDelivery[] };

/**
 * Reads what a call's pop-ups need in one query and builds them: the caller ranked against the portal's live sources,
 * and per rung user the view of their assigned sources with the administrations of the domains they may see.
 */
async function ring(
  db: Db,
  targets: RingTargets,
  external: string,
  call: PopupCall,
  live: readonly string[],
): Promise<Ring> {
  const caller = classifyCaller(external, callerOptions);
  const number = lookupNumberOf(caller);
  const context: RingContext = await readRingContext(preparedOf(db), {
    keys: number === null ? null : callerLookupKeys(number, callerOptions),
    targets,
    connectionIds: live,
  });
  const view = buildCallerView(
    caller,
    context.hits.filter((hit) => live.includes(hit.connectionId)),
    callerOptions,
  );
  const deliveries = context.users.map((user): FreshDelivery => {
    const mine = restrictView(view, new Set(user.connectionIds), callerOptions);
    return {
      userId: user.userId,
      // An administrator, or an employee given all domains, sees every domain's administrations; others their own.
      payload: buildPopup(
        call,
        mine,
        context.linked,
        user.role === 'portal_admin' || user.allDomains ? null : user.domainIds,
      ),
      result: mine.result,
      matchCount: mine.matchCount,
      bestName: mine.companies[0]?.records[0]?.name ?? null,
      bestCompany: mine.companies[0]?.name ?? null,
    };
  });
  return { view, deliveries };
}

/**
 * Records one call event and sends its pop-ups. A ringing event (nearly always a new call) costs two queries: one
 * read (candidates, rung users, firm context) and one write (call, recipients, pop-up events, NOTIFY), which commits
 * without waiting for the disk (a crash may lose the last fraction of a second of call events, never half of one).
 * Later states re-send each recipient's pop-up with the new state in that one write. Inbound calls pop up for the
 * users whose extension or direct number rings and who have a live source assigned; each sees only the records of
 * their assigned sources. `db` must be the pool, not a transaction.
 */
export async function ingestCallEvent(
  db: Db,
  integration: { readonly id: string; readonly portalId: string },
  event: CallEvent,
  named?: RingTargets,
): Promise<IngestOutcome> {
  const targets = ringTargets(event, named);
  const external = event.direction === 'in' ? event.from : event.to;
  const at = new Date(event.at);
  const live = await liveConnectionIds(db, integration.portalId);
  const callPk = randomUUID();
  const base: PopupCall = {
    callPk,
    callId: event.callId,
    state: event.state,
    direction: event.direction,
    source: event.source,
    extension: event.extension,
    startedAt: at,
    answeredAt: event.state === 'answered' ? at : null,
    endedAt: event.state === 'ended' ? at : null,
  };
  const early = event.state === 'ringing' ? await ring(db, targets, external, base, live) : null;
  const run = asyncCommitRunner(db);
  const write = await writeCallEvent(run, {
    callPk,
    portalId: integration.portalId,
    pbxIntegrationId: integration.id,
    callId: event.callId,
    source: event.source,
    direction: event.direction,
    state: event.state,
    stateRank: callStateRank[event.state],
    externalRaw: external,
    calleeRaw: event.direction === 'in' ? event.to : event.from,
    extension: event.extension,
    at,
    match: early === null ? null : matchSummary(early.view),
    deliveries: early?.deliveries ?? [],
    kind: POPUP_EVENT,
    channel: POPUP_CHANNEL,
    maxInlineBytes: MAX_INLINE_BYTES,
  });
  const outcome = { callId: event.callId, state: event.state };
  if (write.kind === 'duplicate') return { ...outcome, status: 'duplicate', result: null, recipients: 0 };
  if (write.kind === 'advanced') return { ...outcome, status: 'updated', result: null, recipients: write.delivered };
  if (early !== null)
    return { ...outcome, status: 'new', result: early.view.result, recipients: early.deliveries.length };

  // The first event seen of this call was answered/ended (its ringing was lost): match it and pop it up now.
  const late = await ring(db, targets, external, { ...base, callPk: write.call.id }, live);
  await setCallMatch(run, write.call.id, matchSummary(late.view));
  const deliveries = event.direction === 'in' ? late.deliveries : [];
  await deliverPopups(run, {
    callPk: write.call.id,
    startedAt: write.call.startedAt,
    kind: POPUP_EVENT,
    deliveries: deliveries.map((d) => ({
      userId: d.userId,
      payload: d.payload,
      recipient: { result: d.result, matchCount: d.matchCount, bestName: d.bestName, bestCompany: d.bestCompany },
    })),
  });
  return { ...outcome, status: 'new', result: late.view.result, recipients: deliveries.length };
}

/**
 * Adds the users a later notification names to a call under way: another device rings (only while the call still
 * rings), or the call is transferred to them (until it ends). Users who already have its pop-up get nothing new; the
 * others get it with the call's current state. `duplicate` when no one was added; null when the call is not known.
 */
export async function addRungUsers(
  db: Db,
  integration: { readonly id: string; readonly portalId: string },
  event: CallEvent,
  input: { readonly named: RingTargets; readonly transfer: boolean },
): Promise<IngestOutcome | null> {
  const run = preparedOf(db);
  const call = await findCallByPbxId(run, { pbxIntegrationId: integration.id, callId: event.callId });
  if (call === null) return null;
  const outcome = { callId: event.callId, state: call.state };
  const nobody: IngestOutcome = { ...outcome, status: 'duplicate', result: null, recipients: 0 };
  const targets = ringTargets(event, input.named);
  const named = targets.extensions.length + targets.numbers.length + targets.emails.length > 0;
  if (!named || call.state === 'ended' || (!input.transfer && call.state !== 'ringing')) return nobody;
  const current: PopupCall = {
    callPk: call.id,
    callId: event.callId,
    state: call.state,
    direction: event.direction,
    source: event.source,
    // The extension that rings now (the call keeps the first one it heard of).
    extension: event.extension ?? call.extension,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
  };
  const external = event.direction === 'in' ? event.from : event.to;
  const rung = await ring(db, targets, external, current, await liveConnectionIds(db, integration.portalId));
  const added = await addCallRecipients(asyncCommitRunner(db), {
    callPk: call.id,
    startedAt: call.startedAt,
    deliveries: rung.deliveries,
    kind: POPUP_EVENT,
    channel: POPUP_CHANNEL,
    maxInlineBytes: MAX_INLINE_BYTES,
  });
  return added === 0 ? nobody : { ...outcome, status: 'updated', result: rung.view.result, recipients: added };
}
