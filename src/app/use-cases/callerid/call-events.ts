/** A call event from a PBX: recorded once per state (idempotent by call id), matched, and popped up to its users. */
import { findRingTargets } from '../../../adapters/db/repos/callerid-assignments.repo.js';
import { appendUserEvent, latestCallPayload } from '../../../adapters/db/repos/callerid-events.repo.js';
import {
  insertRecipients,
  recipientsOf,
  recordCallState,
  setCallMatch,
} from '../../../adapters/db/repos/calls.repo.js';
import { findLinkedAdministrations } from '../../../adapters/db/repos/firm-context.repo.js';
import { restrictView } from '../../../core/callerid/caller-view.js';
import { normalizePhone } from '../../../core/phone/normalize.js';
import { callerOptions, lookupCaller } from './lookup.js';
import { advancePopup, buildPopup, contextKeysOf } from './popups.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { CallRow, Recipient } from '../../../adapters/db/repos/calls.repo.js';
import type { CallerView } from '../../../core/callerid/caller-view.js';
import type { CallEvent } from '../../../core/model.js';
import type { PopupCall, PopupPayload } from './popups.js';

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

function popupCallOf(call: CallRow): PopupCall {
  return {
    callPk: call.id,
    callId: call.callId,
    state: call.state,
    direction: call.direction,
    source: call.source,
    extension: call.extension,
    startedAt: call.startedAt,
    answeredAt: call.answeredAt,
    endedAt: call.endedAt,
  };
}

/** A summary of what matched, for the call log. */
export function matchSummary(view: CallerView): Parameters<typeof setCallMatch>[2] {
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

/** The number a call was placed to, when it is a direct number a user may have registered. */
function dialledNumber(event: CallEvent): string | null {
  const normalized = normalizePhone(event.to, callerOptions);
  return normalized.kind === 'e164' ? normalized.e164 : null;
}

/**
 * Records one call event and sends the pop-ups, all in one transaction (pop-up events are announced at commit).
 * Inbound calls pop up for the users whose extension or direct number rings and who have a source assigned; each
 * sees only the records of their assigned sources and the administrations of the domains they may see.
 */
export async function ingestCallEvent(
  db: Db,
  integration: { readonly id: string; readonly portalId: string },
  event: CallEvent,
): Promise<IngestOutcome> {
  return db.transaction().execute(async (trx): Promise<IngestOutcome> => {
    const external = event.direction === 'in' ? event.from : event.to;
    const write = await recordCallState(trx, {
      portalId: integration.portalId,
      pbxIntegrationId: integration.id,
      callId: event.callId,
      source: event.source,
      direction: event.direction,
      state: event.state,
      externalRaw: external,
      calleeRaw: event.direction === 'in' ? event.to : event.from,
      extension: event.extension,
      at: new Date(event.at),
    });
    if (write.kind === 'duplicate') {
      return { status: 'duplicate', callId: event.callId, state: event.state, result: null, recipients: 0 };
    }
    const call = popupCallOf(write.call);

    if (write.kind === 'advanced') {
      const users = await recipientsOf(trx, write.call.id);
      for (const userId of users) {
        const previous = (await latestCallPayload(trx, userId, write.call.id)) as PopupPayload | null;
        if (previous === null) continue;
        await appendUserEvent(trx, {
          userId,
          callPk: write.call.id,
          kind: POPUP_EVENT,
          payload: advancePopup(previous, call),
        });
      }
      return { status: 'updated', callId: event.callId, state: event.state, result: null, recipients: users.length };
    }

    const view = await lookupCaller(trx, { portalId: integration.portalId, raw: external });
    await setCallMatch(trx, write.call.id, matchSummary(view));
    if (event.direction !== 'in') {
      return { status: 'new', callId: event.callId, state: event.state, result: view.result, recipients: 0 };
    }
    const targets = await findRingTargets(trx, {
      portalId: integration.portalId,
      extension: event.extension,
      number: dialledNumber(event),
    });
    const linked = view.matchCount === 0 ? [] : await findLinkedAdministrations(trx, contextKeysOf(view));
    const recipients: Recipient[] = [];
    for (const target of targets) {
      const mine = restrictView(view, new Set(target.connectionIds), callerOptions);
      const payload = buildPopup(call, mine, linked, target.domainIds);
      await appendUserEvent(trx, { userId: target.userId, callPk: write.call.id, kind: POPUP_EVENT, payload });
      recipients.push({
        userId: target.userId,
        result: mine.result,
        matchCount: mine.matchCount,
        bestName: mine.companies[0]?.records[0]?.name ?? null,
        bestCompany: mine.companies[0]?.name ?? null,
      });
    }
    await insertRecipients(trx, write.call.id, write.call.startedAt, recipients);
    return {
      status: 'new',
      callId: event.callId,
      state: event.state,
      result: view.result,
      recipients: recipients.length,
    };
  });
}
