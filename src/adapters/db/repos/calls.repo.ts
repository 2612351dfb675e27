/** The call log: one row per PBX call, updated only forwards (ringing → answered → ended); who got a pop-up. */
import { sql } from 'kysely';

import type { CallEventSource } from '../../../core/model.js';
import type { Db } from '../pool.js';
import type { Prepared } from './prepared.js';

export const callStateRank = { ringing: 0, answered: 1, ended: 2 } as const;
export type CallStateName = keyof typeof callStateRank;

export type CallRow = {
  readonly id: string;
  readonly portalId: string;
  readonly pbxIntegrationId: string;
  readonly callId: string;
  readonly source: CallEventSource;
  readonly direction: 'in' | 'out';
  readonly state: CallStateName;
  readonly externalRaw: string;
  readonly calleeRaw: string;
  readonly extension: string | null;
  readonly startedAt: Date;
  readonly answeredAt: Date | null;
  readonly endedAt: Date | null;
};

/** What the lookup found for a call, as the call log keeps it. */
export type CallMatch = {
  readonly externalE164: string | null;
  readonly result: string;
  readonly ambiguous: boolean;
  readonly bestKind: string | null;
  readonly matchCount: number;
  readonly bestName: string | null;
  readonly bestCompany: string | null;
  readonly bestSource: string | null;
  readonly matches: readonly unknown[];
};

/** Stores what the lookup found for a new call (when it was not known at insert time). */
export async function setCallMatch(run: Prepared, id: string, match: CallMatch): Promise<void> {
  await run({
    name: 'callerid-set-call-match',
    text: `UPDATE calls SET external_e164 = $2::text, result = $3::text, ambiguous = $4::boolean, best_kind = $5::text,
             match_count = $6::int, best_name = $7::text, best_company = $8::text, best_source = $9::text,
             matches = $10::text::jsonb WHERE id = $1::uuid`,
    values: [
      id,
      match.externalE164,
      match.result,
      match.ambiguous,
      match.bestKind,
      match.matchCount,
      match.bestName,
      match.bestCompany,
      match.bestSource,
      JSON.stringify(match.matches),
    ],
  });
}

export type CallLogEntry = {
  readonly id: string;
  readonly callId: string;
  readonly source: string;
  readonly direction: 'in' | 'out';
  readonly state: CallStateName;
  readonly number: string;
  readonly numberE164: string | null;
  readonly callee: string;
  readonly extension: string | null;
  /** `null` in a user's own log (see listCalls). */
  readonly matches: unknown;
  readonly startedAt: Date;
  readonly answeredAt: Date | null;
  readonly endedAt: Date | null;
  readonly pbxIntegrationId: string;
  readonly recipients: readonly { readonly userId: string; readonly name: string }[];
} & Omit<CallMatch, 'externalE164' | 'matches'>;

/** The call log's columns, with each call's recipients (by name). */
const callLogColumns = [
  'c.id',
  'c.call_id',
  'c.source',
  'c.direction',
  'c.state',
  'c.external_raw',
  'c.external_e164',
  'c.callee_raw',
  'c.extension',
  'c.result',
  'c.ambiguous',
  'c.best_kind',
  'c.match_count',
  'c.best_name',
  'c.best_company',
  'c.best_source',
  'c.matches',
  'c.started_at',
  'c.answered_at',
  'c.ended_at',
  'c.pbx_integration_id',
  sql<{ userId: string; name: string }[]>`coalesce((
    SELECT json_agg(json_build_object('userId', r.user_id, 'name', u.name) ORDER BY u.name)
    FROM call_recipients r JOIN users u ON u.id = r.user_id WHERE r.call_pk = c.id), '[]'::json)`.as('recipients'),
] as const;

/**
 * The newest calls first: of the portal, or those that popped up for one user (with what that user saw). Pages by
 * `before` (a started_at instant).
 */
export async function listCalls(
  db: Db,
  input: { readonly portalId: string; readonly userId?: string; readonly limit: number; readonly before?: Date },
): Promise<CallLogEntry[]> {
  let query = db.selectFrom('calls as c').select(callLogColumns).where('c.portal_id', '=', input.portalId);
  if (input.userId !== undefined) {
    query = query
      .innerJoin('call_recipients as mine', (join) =>
        join.onRef('mine.call_pk', '=', 'c.id').on('mine.user_id', '=', input.userId ?? ''),
      )
      .select([
        'mine.result as my_result',
        'mine.match_count as my_count',
        'mine.best_name as my_name',
        'mine.best_company as my_company',
      ]);
  }
  if (input.before !== undefined) query = query.where('c.started_at', '<', input.before);
  const rows = await query.orderBy('c.started_at', 'desc').orderBy('c.id').limit(input.limit).execute();
  return rows.map((r) => {
    const mine = r as typeof r & {
      my_result?: string;
      my_count?: number;
      my_name?: string | null;
      my_company?: string | null;
    };
    return {
      id: r.id,
      callId: r.call_id,
      source: r.source,
      direction: r.direction,
      state: r.state,
      number: r.external_raw,
      numberE164: r.external_e164,
      callee: r.callee_raw,
      extension: r.extension,
      result: mine.my_result ?? r.result,
      ambiguous: r.ambiguous,
      bestKind: r.best_kind,
      matchCount: mine.my_count ?? r.match_count,
      bestName: mine.my_result === undefined ? r.best_name : (mine.my_name ?? null),
      bestCompany: mine.my_result === undefined ? r.best_company : (mine.my_company ?? null),
      bestSource: r.best_source,
      // A user's own log shows what they saw; the other sources' records are for the portal log only.
      matches: input.userId === undefined ? r.matches : null,
      startedAt: r.started_at,
      answeredAt: r.answered_at,
      endedAt: r.ended_at,
      pbxIntegrationId: r.pbx_integration_id,
      recipients: r.recipients,
    };
  });
}

/** Deletes calls that started before `cutoff` (with their recipients and pop-up events). */
export async function deleteCallsBefore(db: Db, cutoff: Date): Promise<number> {
  const result = await db.deleteFrom('calls').where('started_at', '<', cutoff).executeTakeFirst();
  return Number(result.numDeletedRows);
}
