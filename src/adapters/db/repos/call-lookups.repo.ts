/** 3CX lookups as calls of the log: many in one statement, committed without waiting for the disk. */
import { asyncCommitRunner } from './prepared.js';

import type { Db } from '../pool.js';
import type { CallMatch } from './calls.repo.js';

/** One looked-up number: which phone system asked, the call id made from number and second, and what matched. */
export type LookupCall = {
  readonly portalId: string;
  readonly pbxIntegrationId: string;
  readonly callId: string;
  readonly externalRaw: string;
  readonly startedAt: Date;
  readonly match: CallMatch;
};

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

/** Inserts the lookups as ringing 3CX calls; a call id already logged for the phone system is left as it is. */
export async function insertLookupCalls(db: Db, calls: readonly LookupCall[]): Promise<void> {
  await asyncCommitRunner(db)({
    name: 'callerid-log-lookups',
    text: insertLookups,
    values: [
      calls.map((c) => c.portalId),
      calls.map((c) => c.pbxIntegrationId),
      calls.map((c) => c.callId),
      calls.map((c) => c.externalRaw),
      calls.map((c) => c.match.externalE164),
      calls.map((c) => c.match.result),
      calls.map((c) => c.match.ambiguous),
      calls.map((c) => c.match.bestKind),
      calls.map((c) => c.match.matchCount),
      calls.map((c) => c.match.bestName),
      calls.map((c) => c.match.bestCompany),
      calls.map((c) => c.match.bestSource),
      calls.map((c) => JSON.stringify(c.match.matches)),
      calls.map((c) => c.startedAt),
    ],
  });
}
