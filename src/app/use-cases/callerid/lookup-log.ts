/** 3CX lookups in the call log: written in batches after the answer, so a lookup costs one query at ring time. */
import { insertLookupCalls } from '../../../adapters/db/repos/call-lookups.repo.js';
import { threeCxLookupToCallEvent } from '../../../adapters/pbx/mapper.js';
import { buildCallerView } from '../../../core/callerid/caller-view.js';
import { validateKvk } from '../../../core/identifiers/kvk.js';
import { matchSummary } from './call-events.js';
import { callerOptions } from './lookup.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { LookupCall } from '../../../adapters/db/repos/call-lookups.repo.js';
import type { PhoneIndexHit } from '../../../adapters/db/repos/phone-index.repo.js';
import type { ThreeCxCandidate } from '../../../adapters/pbx/mapper.js';
import type { CallerNumber } from '../../../core/callerid/caller-view.js';
import type { PhoneRecord } from '../../../core/connector.js';
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
    const recordKind = recordKinds.find((k) => k === hit.recordKind) ?? 'contact';
    return {
      hit,
      e164: hit.e164,
      personal: hit.personal,
      companyId: group,
      source: hit.source,
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

/**
 * A buffer of 3CX lookups, written once a second as one statement that does not wait for the disk (a repeat of a
 * number within the same second is one call). The lookup itself never waits for the log.
 */
export function createLookupLog(db: Db, onError: (error: Error) => void): LookupLog {
  let buffer: LookupLogEntry[] = [];
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const write = async (entries: LookupLogEntry[]): Promise<void> => {
    const rows = new Map<string, LookupCall>();
    for (const entry of entries) {
      // 3CX sends no call id: the number and the second make one (threeCxLookupToCallEvent).
      const at = new Date(Math.floor(entry.at.getTime() / 1000) * 1000);
      const event = threeCxLookupToCallEvent({ number: entry.number, at: at.toISOString() });
      const key = `${entry.caller.id} ${event.callId}`;
      if (rows.has(key)) continue;
      const hits = entry.ranked.matches.map((m) => m.candidate.hit);
      rows.set(key, {
        portalId: entry.caller.portalId,
        pbxIntegrationId: entry.caller.id,
        callId: event.callId,
        externalRaw: entry.number,
        startedAt: at,
        match: matchSummary(buildCallerView(entry.classified, hits, callerOptions)),
      });
    }
    await insertLookupCalls(db, [...rows.values()]);
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
