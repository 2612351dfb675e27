/** The call log: one row per PBX call, updated only forwards (ringing → answered → ended); who got a pop-up. */
import { sql } from 'kysely';

import type { Db } from '../pool.js';

export const callStateRank = { ringing: 0, answered: 1, ended: 2 } as const;
export type CallStateName = keyof typeof callStateRank;

export type CallRow = {
  readonly id: string;
  readonly portalId: string;
  readonly pbxIntegrationId: string;
  readonly callId: string;
  readonly source: 'json' | 'url_template' | '3cx';
  readonly direction: 'in' | 'out';
  readonly state: CallStateName;
  readonly externalRaw: string;
  readonly calleeRaw: string;
  readonly extension: string | null;
  readonly startedAt: Date;
  readonly answeredAt: Date | null;
  readonly endedAt: Date | null;
};

export type CallWrite =
  | { readonly kind: 'new'; readonly call: CallRow }
  | { readonly kind: 'advanced'; readonly call: CallRow }
  | { readonly kind: 'duplicate' };

/**
 * Records a call event idempotently by (PBX integration, call id): a new call is inserted, a later state advances it,
 * and a repeated or older state changes nothing (`duplicate`). Concurrent deliveries of one call wait on its row.
 */
export async function recordCallState(
  db: Db,
  input: {
    readonly portalId: string;
    readonly pbxIntegrationId: string;
    readonly callId: string;
    readonly source: 'json' | 'url_template' | '3cx';
    readonly direction: 'in' | 'out';
    readonly state: CallStateName;
    readonly externalRaw: string;
    readonly calleeRaw: string;
    readonly extension: string | null;
    readonly at: Date;
  },
): Promise<CallWrite> {
  const rank = callStateRank[input.state];
  const result = await sql<{
    id: string;
    inserted: boolean;
    state: CallStateName;
    started_at: Date;
    answered_at: Date | null;
    ended_at: Date | null;
    external_raw: string;
    callee_raw: string;
    extension: string | null;
    direction: 'in' | 'out';
    source: 'json' | 'url_template' | '3cx';
  }>`
    INSERT INTO calls (portal_id, pbx_integration_id, call_id, source, direction, state, state_rank, external_raw,
                       callee_raw, extension, result, started_at, answered_at, ended_at)
    VALUES (${input.portalId}, ${input.pbxIntegrationId}, ${input.callId}, ${input.source}, ${input.direction},
            ${input.state}, ${rank}, ${input.externalRaw}, ${input.calleeRaw}, ${input.extension}, 'pending',
            ${input.at}, ${input.state === 'answered' ? input.at : null}, ${input.state === 'ended' ? input.at : null})
    ON CONFLICT (pbx_integration_id, call_id) DO UPDATE SET
      state = EXCLUDED.state,
      state_rank = EXCLUDED.state_rank,
      answered_at = coalesce(calls.answered_at, EXCLUDED.answered_at),
      ended_at = coalesce(calls.ended_at, EXCLUDED.ended_at),
      extension = coalesce(calls.extension, EXCLUDED.extension),
      updated_at = now()
    WHERE calls.state_rank < EXCLUDED.state_rank
    RETURNING id, (xmax = 0) AS inserted, state, started_at, answered_at, ended_at, external_raw, callee_raw,
              extension, direction, source
  `.execute(db);
  const row = result.rows[0];
  if (row === undefined) return { kind: 'duplicate' };
  const call: CallRow = {
    id: row.id,
    portalId: input.portalId,
    pbxIntegrationId: input.pbxIntegrationId,
    callId: input.callId,
    source: row.source,
    direction: row.direction,
    state: row.state,
    externalRaw: row.external_raw,
    calleeRaw: row.callee_raw,
    extension: row.extension,
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
  };
  return { kind: row.inserted ? 'new' : 'advanced', call };
}

/** Stores what the lookup found for a new call. */
export async function setCallMatch(
  db: Db,
  id: string,
  match: {
    readonly externalE164: string | null;
    readonly result: string;
    readonly ambiguous: boolean;
    readonly bestKind: string | null;
    readonly matchCount: number;
    readonly bestName: string | null;
    readonly bestCompany: string | null;
    readonly bestSource: string | null;
    readonly matches: readonly unknown[];
  },
): Promise<void> {
  await db
    .updateTable('calls')
    .set({
      external_e164: match.externalE164,
      result: match.result,
      ambiguous: match.ambiguous,
      best_kind: match.bestKind,
      match_count: match.matchCount,
      best_name: match.bestName,
      best_company: match.bestCompany,
      best_source: match.bestSource,
      matches: JSON.stringify(match.matches),
    })
    .where('id', '=', id)
    .execute();
}

export type Recipient = {
  readonly userId: string;
  readonly result: string;
  readonly matchCount: number;
  readonly bestName: string | null;
  readonly bestCompany: string | null;
};

export async function insertRecipients(
  db: Db,
  callPk: string,
  startedAt: Date,
  recipients: readonly Recipient[],
): Promise<void> {
  if (recipients.length === 0) return;
  await db
    .insertInto('call_recipients')
    .values(
      recipients.map((r) => ({
        call_pk: callPk,
        user_id: r.userId,
        started_at: startedAt,
        result: r.result,
        match_count: r.matchCount,
        best_name: r.bestName,
        best_company: r.bestCompany,
      })),
    )
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export async function recipientsOf(db: Db, callPk: string): Promise<string[]> {
  const rows = await db
    .selectFrom('call_recipients')
    .select('user_id')
    .where('call_pk', '=', callPk)
    .orderBy('user_id')
    .execute();
  return rows.map((r) => r.user_id);
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
  readonly result: string;
  readonly ambiguous: boolean;
  readonly bestKind: string | null;
  readonly matchCount: number;
  readonly bestName: string | null;
  readonly bestCompany: string | null;
  readonly bestSource: string | null;
  readonly matches: unknown;
  readonly startedAt: Date;
  readonly answeredAt: Date | null;
  readonly endedAt: Date | null;
  readonly pbxIntegrationId: string;
  readonly recipients: readonly { readonly userId: string; readonly name: string }[];
};

/**
 * The newest calls first: of the portal, or those that popped up for one user (with what that user saw). Pages by
 * `before` (a started_at instant).
 */
export async function listCalls(
  db: Db,
  input: { readonly portalId: string; readonly userId?: string; readonly limit: number; readonly before?: Date },
): Promise<CallLogEntry[]> {
  let query = db
    .selectFrom('calls as c')
    .select([
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
    ])
    .where('c.portal_id', '=', input.portalId);
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
