/** 3CX lookups in the call log: written in batches after the answer, so a lookup costs one query at ring time. */
import { asyncCommitRunner } from '../../../adapters/db/repos/prepared.js';
import { threeCxLookupToCallEvent } from '../../../adapters/pbx/mapper.js';
import { buildCallerView } from '../../../core/callerid/caller-view.js';
import { connectorIds } from '../../../core/connector.js';
import { validateKvk } from '../../../core/identifiers/kvk.js';
import { matchSummary } from './call-events.js';
import { callerOptions } from './lookup.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { CallMatch } from '../../../adapters/db/repos/calls.repo.js';
import type { PhoneIndexHit } from '../../../adapters/db/repos/phone-index.repo.js';
import type { ThreeCxCandidate } from '../../../adapters/pbx/mapper.js';
import type { CallerNumber } from '../../../core/callerid/caller-view.js';
import type { ConnectorId, PhoneRecord } from '../../../core/connector.js';
import type { MatchResult } from '../../../core/phone/match.js';

type Candidate = ThreeCxCandidate & { readonly hit: PhoneIndexHit };

const recordKinds: readonly PhoneRecord['recordKind'][] = [
  'organization',
  'person',
  'contact_person',
  'debtor',
  'creditor',
  'contact',
];

/** Index hits as 3CX candidates; one company is one group (the same KvK number across systems, as in pop-ups). */
export function threeCxCandidates(hits: readonly PhoneIndexHit[]): Candidate[] {
  return hits.map((hit) => {
    const kvk = hit.kvk === null ? null : validateKvk(hit.kvk);
    const group =
      kvk?.ok === true ? `kvk:${kvk.value}` : hit.companyId === null ? null : `${hit.connectionId}:${hit.companyId}`;
    const source = (connectorIds as readonly string[]).includes(hit.source)
      ? (hit.source as ConnectorId)
      : 'accountview';
    const recordKind = recordKinds.find((k) => k === hit.recordKind) ?? 'contact';
    return {
      hit,
      e164: hit.e164,
      personal: hit.personal,
      companyId: group,
      source,
      recordKind,
      recordId: hit.recordId,
      field: hit.field,
      name: hit.name,
      company: hit.company,
      deepLink: hit.deepLink,
      mobile: hit.mobile,
    };
  });
}

export type LookupLogEntry = {
  readonly caller: { readonly id: string; readonly portalId: string };
  readonly number: string;
  readonly classified: CallerNumber;
  readonly ranked: MatchResult<Candidate>;
  readonly at: Date;
};

export type LookupLog = { add(entry: LookupLogEntry): void; flush(): Promise<void>; close(): Promise<void> };

const FLUSH_MS = 1_000;
const MAX_BATCH = 2_000;

const insertLookups = `
  INSERT INTO calls (portal_id, pbx_integration_id, call_id, source, direction, state, state_rank, external_raw,
                     external_e164, callee_raw, result, ambiguous, best_kind, match_count, best_name, best_company,
                     best_source, matches, started_at)
  SELECT t.portal_id, t.pbx_integration_id, t.call_id, '3cx', 'in', 'ringing', 0, t.external_raw, t.external_e164, '',
         t.result, t.ambiguous, t.best_kind, t.match_count, t.best_name, t.best_company, t.best_source,
         t.matches::jsonb, t.started_at
  FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::boolean[], $8::text[],
              $9::int[], $10::text[], $11::text[], $12::text[], $13::text[], $14::timestamptz[])
    AS t(portal_id, pbx_integration_id, call_id, external_raw, external_e164, result, ambiguous, best_kind,
         match_count, best_name, best_company, best_source, matches, started_at)
  ON CONFLICT (pbx_integration_id, call_id) DO NOTHING`;

/**
 * A buffer of 3CX lookups, written once a second as one statement that does not wait for the disk (a repeat of a
 * number within the same second is one call). The lookup itself never waits for the log.
 */
export function createLookupLog(db: Db, onError: (error: Error) => void): LookupLog {
  let buffer: LookupLogEntry[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const write = async (entries: LookupLogEntry[]): Promise<void> => {
    const rows = new Map<string, { entry: LookupLogEntry; at: Date; summary: CallMatch }>();
    for (const entry of entries) {
      // 3CX sends no call id: the number and the second make one (threeCxLookupToCallEvent).
      const at = new Date(Math.floor(entry.at.getTime() / 1000) * 1000);
      const event = threeCxLookupToCallEvent({ number: entry.number, at: at.toISOString() });
      const key = `${entry.caller.id} ${event.callId}`;
      if (rows.has(key)) continue;
      const hits = entry.ranked.matches.map((m) => m.candidate.hit);
      rows.set(key, { entry, at, summary: matchSummary(buildCallerView(entry.classified, hits, callerOptions)) });
    }
    const list = [...rows.values()];
    await asyncCommitRunner(db)({
      name: 'callerid-log-lookups',
      text: insertLookups,
      values: [
        list.map((r) => r.entry.caller.portalId),
        list.map((r) => r.entry.caller.id),
        list.map((r) => threeCxLookupToCallEvent({ number: r.entry.number, at: r.at.toISOString() }).callId),
        list.map((r) => r.entry.number),
        list.map((r) => r.summary.externalE164),
        list.map((r) => r.summary.result),
        list.map((r) => r.summary.ambiguous),
        list.map((r) => r.summary.bestKind),
        list.map((r) => r.summary.matchCount),
        list.map((r) => r.summary.bestName),
        list.map((r) => r.summary.bestCompany),
        list.map((r) => r.summary.bestSource),
        list.map((r) => JSON.stringify(r.summary.matches)),
        list.map((r) => r.at),
      ],
    });
  };

  const flush = (): Promise<void> => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const entries = buffer;
    buffer = [];
    if (entries.length === 0) return running;
    running = running.then(() =>
      write(entries).catch((error: unknown) => {
        onError(error instanceof Error ? error : new Error(String(error)));
      }),
    );
    return running;
  };

  return {
    add(entry) {
      buffer.push(entry);
      if (buffer.length >= MAX_BATCH) void flush();
      else timer ??= setTimeout(() => void flush(), FLUSH_MS);
    },
    flush,
    async close() {
      await flush();
    },
  };
}
