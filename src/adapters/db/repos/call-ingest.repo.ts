/**
 * The two statements of a call event at ring time: one read (index candidates, the users it rings, firm context) and
 * one write (the call, its recipients, their pop-up events and NOTIFY), each a single named prepared statement.
 */
import { appendEventsSql, recipientArrays, recipientArraysSql } from './callerid-events.repo.js';
import { hitFromTuple, hitTupleSql, prefixEnd } from './phone-index.repo.js';

import type { CallerLookupKeys } from '../../../core/phone/match.js';
import type { CallMatch, CallRow, CallStateName } from './calls.repo.js';
import type { PhoneIndexHit } from './phone-index.repo.js';
import type { Prepared } from './prepared.js';

export type LinkedAdministration = {
  readonly administrationId: string;
  readonly administrationName: string;
  readonly domainId: string;
  readonly domainName: string;
  /** `<connection id>:<CRM organisation id>` of the link. */
  readonly sourceKey: string;
  /** The linked CRM organisation's KvK number as the sync stored it. */
  readonly kvk: string | null;
  readonly pendingCount: number;
  readonly pendingFields: readonly string[];
};

export type RingUser = {
  readonly userId: string;
  readonly role: 'portal_admin' | 'employee';
  readonly connectionIds: readonly string[];
  readonly domainIds: readonly string[];
  /** Given every domain (also future ones) by an administrator. */
  readonly allDomains: boolean;
};

export type RingContext = {
  readonly hits: readonly PhoneIndexHit[];
  readonly users: readonly RingUser[];
  readonly linked: readonly LinkedAdministration[];
};

function ringContextSql(hitsWhere: string): string {
  return `
  WITH hits AS (
    SELECT * FROM phone_index WHERE ${hitsWhere} LIMIT 500
  ), rung AS (
    SELECT user_id FROM user_phones WHERE kind = 'extension' AND value = ANY($3::text[])
    UNION SELECT user_id FROM user_phones WHERE kind = 'number' AND value = ANY($4::text[])
    UNION SELECT id FROM users WHERE lower(email) = ANY($6::text[])
  ), targets AS (
    SELECT p.user_id, u.role, u.all_domains, array_agg(DISTINCT a.connection_id::text) AS connection_ids,
           (SELECT coalesce(array_agg(d.domain_id::text), '{}') FROM user_domains d WHERE d.user_id = p.user_id) AS domain_ids
    FROM rung p
    JOIN callerid_assignments a ON a.user_id = p.user_id
    JOIN users u ON u.id = p.user_id
    WHERE a.connection_id = ANY($5::uuid[]) AND u.active
    GROUP BY p.user_id, u.role, u.all_domains
  ), keys AS (
    SELECT DISTINCT connection_id, coalesce(company_id, record_id) AS external_id
    FROM hits WHERE connection_id = ANY($5::uuid[])
  ), kvks AS (
    SELECT DISTINCT regexp_replace(kvk, '[[:space:].-]', '', 'g') AS kvk
    FROM hits WHERE kvk IS NOT NULL AND connection_id = ANY($5::uuid[])
  ), linked AS (
    SELECT al.administration_id, al.connection_id, al.crm_external_id
    FROM administration_links al JOIN keys k ON al.connection_id = k.connection_id AND al.crm_external_id = k.external_id
    WHERE EXISTS (SELECT 1 FROM targets)
    UNION
    SELECT al.administration_id, al.connection_id, al.crm_external_id
    FROM crm_organizations co
    JOIN administration_links al ON al.connection_id = co.connection_id AND al.crm_external_id = co.external_id
    WHERE co.connection_id = ANY($5::uuid[]) AND co.kvk IN (SELECT kvk FROM kvks) AND EXISTS (SELECT 1 FROM targets)
  )
  SELECT
    (SELECT coalesce(json_agg(${hitTupleSql}), '[]') FROM hits)::text AS hits,
    (SELECT coalesce(json_agg(json_build_object('userId', t.user_id, 'role', t.role, 'connectionIds', t.connection_ids,
       'domainIds', t.domain_ids, 'allDomains', t.all_domains) ORDER BY t.user_id), '[]') FROM targets t)::text AS users,
    ${linkedJsonSql('true')}::text AS linked`;
}

/**
 * The administrations of a `linked` CTE (administration_id, connection_id, crm_external_id) that pass `where` (over
 * `d`, their domain), as a JSON array of {@link LinkedAdministration} with their pending approvals.
 */
export function linkedJsonSql(where: string): string {
  return `(SELECT coalesce(json_agg(json_build_object(
       'administrationId', l.administration_id, 'administrationName', a.name, 'domainId', d.id, 'domainName', d.name,
       'sourceKey', l.connection_id::text || ':' || l.crm_external_id, 'kvk', co.kvk,
       'pendingCount', (SELECT count(*) FROM sync_changes sc
                        WHERE sc.administration_id = l.administration_id AND sc.state = 'pending'),
       'pendingFields', coalesce((SELECT array_agg(DISTINCT sc.field ORDER BY sc.field) FROM sync_changes sc
                        WHERE sc.administration_id = l.administration_id AND sc.state = 'pending'), '{}')
     ) ORDER BY a.name), '[]')
     FROM linked l
     JOIN administrations a ON a.id = l.administration_id
     JOIN domains d ON d.id = a.domain_id
     LEFT JOIN crm_organizations co ON co.connection_id = l.connection_id AND co.external_id = l.crm_external_id
     WHERE ${where})`;
}

// Both variants take the same parameters; the tail one only mentions $2 so that its type is known.
const byTail = ringContextSql('tail = $1::text AND $2::text IS NULL');
const bySuffix = ringContextSql('reversed ~>=~ $1::text AND reversed ~<~ $2::text');

/** Whom a call rings: users with one of these extensions or direct numbers (E.164), or these e-mail addresses. */
export type RingTargets = {
  readonly extensions: readonly string[];
  readonly numbers: readonly string[];
  /** Lower-case. */
  readonly emails: readonly string[];
};

/**
 * Everything a ringing call needs, in one query: index candidates for the caller (`keys`; none when null), the users
 * `targets` names who are assigned one of `connectionIds` (with their domains), and the administrations linked to
 * the candidates' companies with their pending approvals. Candidates are not yet filtered or ranked.
 */
export async function readRingContext(
  run: Prepared,
  input: {
    readonly keys: CallerLookupKeys | null;
    readonly targets: RingTargets;
    readonly connectionIds: readonly string[];
  },
): Promise<RingContext> {
  const suffix = input.keys?.tail == null ? (input.keys?.reversedPrefix ?? null) : null;
  const { extensions, numbers, emails } = input.targets;
  const common = [extensions, numbers, input.connectionIds, emails];
  const statement =
    suffix !== null && suffix !== ''
      ? { name: 'callerid-ring-context-suffix', text: bySuffix, values: [suffix, prefixEnd(suffix), ...common] }
      : { name: 'callerid-ring-context', text: byTail, values: [input.keys?.tail ?? null, null, ...common] };
  const [row] = await run<{ hits: string; users: string; linked: string }>(statement);
  if (row === undefined) return { hits: [], users: [], linked: [] };
  return {
    hits: (JSON.parse(row.hits) as unknown[]).map(hitFromTuple),
    users: JSON.parse(row.users) as RingUser[],
    linked: JSON.parse(row.linked) as LinkedAdministration[],
  };
}

const writeEvent = `
  WITH ins AS (
    INSERT INTO calls (id, portal_id, pbx_integration_id, call_id, source, direction, state, state_rank, external_raw,
                       callee_raw, extension, result, started_at, answered_at, ended_at, external_e164, ambiguous,
                       best_kind, match_count, best_name, best_company, best_source, matches)
    VALUES ($1::uuid, $2::uuid, $3::uuid, $4::text, $5::text, $6::text, $7::text, $8::smallint, $9::text, $10::text,
            $11::text, $12::text, $13::timestamptz, $14::timestamptz, $15::timestamptz, $16::text, $17::boolean,
            $18::text, $19::int, $20::text, $21::text, $22::text, $23::text::jsonb)
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
  ), fresh AS (
    SELECT t.* FROM ${recipientArraysSql(24)}
    WHERE EXISTS (SELECT 1 FROM ins WHERE ins.inserted)
  ), advanced AS (
    SELECT r.user_id, (r.popup || jsonb_build_object(
        'state', ins.state,
        'answeredAt', to_char(ins.answered_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
        'endedAt', to_char(ins.ended_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')))::text AS payload
    FROM ins JOIN call_recipients r ON r.call_pk = ins.id
    WHERE NOT ins.inserted AND r.popup IS NOT NULL
  ), input AS (
    SELECT user_id, payload FROM fresh UNION ALL SELECT user_id, payload FROM advanced
  ), recipients AS (
    INSERT INTO call_recipients (call_pk, user_id, started_at, result, match_count, best_name, best_company, popup)
    SELECT ins.id, f.user_id, ins.started_at, f.result, f.match_count, f.best_name, f.best_company, f.payload::jsonb
    FROM fresh f CROSS JOIN ins
    ON CONFLICT DO NOTHING
  ), ${appendEventsSql({ callPk: '(SELECT id FROM ins)', kind: '$30::text', channel: '$31::text', maxInlineBytes: '$32::int' })}
  SELECT ins.id, ins.inserted, ins.state, ins.started_at, ins.answered_at, ins.ended_at, ins.external_raw,
         ins.callee_raw, ins.extension, ins.direction, ins.source,
         (SELECT count(*) FROM notices)::int AS delivered
  FROM ins`;

/** A new call's pop-up for one user, built before the write (the call's id is chosen by the caller). */
export type FreshDelivery = {
  readonly userId: string;
  readonly payload: unknown;
  readonly result: string;
  readonly matchCount: number;
  readonly bestName: string | null;
  readonly bestCompany: string | null;
};

export type CallEventWrite =
  | { readonly kind: 'new' | 'advanced'; readonly call: CallRow; readonly delivered: number }
  | { readonly kind: 'duplicate' };

type CallEventInput = Pick<
  CallRow,
  | 'portalId'
  | 'pbxIntegrationId'
  | 'callId'
  | 'source'
  | 'direction'
  | 'state'
  | 'externalRaw'
  | 'calleeRaw'
  | 'extension'
> & {
  /** The id a new call gets (its pop-ups already carry it). */
  readonly callPk: string;
  readonly stateRank: number;
  readonly at: Date;
  readonly match: CallMatch | null;
  readonly deliveries: readonly FreshDelivery[];
  readonly kind: string;
  readonly channel: string;
  readonly maxInlineBytes: number;
};

type WrittenCallRow = {
  id: string;
  inserted: boolean;
  state: CallStateName;
  started_at: Date;
  answered_at: Date | null;
  ended_at: Date | null;
  external_raw: string;
  callee_raw: string;
  extension: string | null;
  direction: CallRow['direction'];
  source: CallRow['source'];
  delivered: number;
};

/**
 * Records a call event in one statement: a new call is inserted with its match, its recipients and their pop-ups; a
 * later state advances the call and re-sends each recipient's pop-up with the new state; a repeated or older state
 * changes nothing. Pop-up events get per-user sequence numbers (users locked in id order) and NOTIFY at commit.
 */
export async function writeCallEvent(run: Prepared, input: CallEventInput): Promise<CallEventWrite> {
  const m = input.match;
  const d = recipientArrays(input.deliveries);
  const [row] = await run<WrittenCallRow>({
    name: 'callerid-write-event',
    text: writeEvent,
    values: [
      input.callPk,
      input.portalId,
      input.pbxIntegrationId,
      input.callId,
      input.source,
      input.direction,
      input.state,
      input.stateRank,
      input.externalRaw,
      input.calleeRaw,
      input.extension,
      m?.result ?? 'pending',
      input.at,
      input.state === 'answered' ? input.at : null,
      input.state === 'ended' ? input.at : null,
      m?.externalE164 ?? null,
      m?.ambiguous ?? false,
      m?.bestKind ?? null,
      m?.matchCount ?? 0,
      m?.bestName ?? null,
      m?.bestCompany ?? null,
      m?.bestSource ?? null,
      JSON.stringify(m?.matches ?? []),
      ...d,
      input.kind,
      input.channel,
      input.maxInlineBytes,
    ],
  });
  if (row === undefined) return { kind: 'duplicate' };
  return {
    kind: row.inserted ? 'new' : 'advanced',
    delivered: row.delivered,
    call: {
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
    },
  };
}

const findCall = `
  SELECT id, state, started_at, answered_at, ended_at, extension, direction, source
  FROM calls WHERE pbx_integration_id = $1::uuid AND call_id = $2::text`;

/** The call a phone system reported under `callId`, or null. */
export async function findCallByPbxId(
  run: Prepared,
  input: { readonly pbxIntegrationId: string; readonly callId: string },
): Promise<Pick<CallRow, 'id' | 'state' | 'startedAt' | 'answeredAt' | 'endedAt' | 'extension'> | null> {
  const [row] = await run<
    Pick<WrittenCallRow, 'id' | 'state' | 'started_at' | 'answered_at' | 'ended_at' | 'extension'>
  >({ name: 'callerid-find-call', text: findCall, values: [input.pbxIntegrationId, input.callId] });
  if (row === undefined) return null;
  return {
    id: row.id,
    state: row.state,
    startedAt: row.started_at,
    answeredAt: row.answered_at,
    endedAt: row.ended_at,
    extension: row.extension,
  };
}

const addRecipients = `
  WITH given AS (
    SELECT * FROM ${recipientArraysSql(1)}
  ), added AS (
    INSERT INTO call_recipients (call_pk, user_id, started_at, result, match_count, best_name, best_company, popup)
    SELECT $7::uuid, user_id, $8::timestamptz, result, match_count, best_name, best_company, payload::jsonb FROM given
    ON CONFLICT DO NOTHING
    RETURNING user_id, popup::text AS payload
  ), input AS (
    SELECT user_id, payload FROM added
  ), ${appendEventsSql({ callPk: '$7::uuid', kind: '$9::text', channel: '$10::text', maxInlineBytes: '$11::int' })}
  SELECT count(*)::int AS delivered FROM notices`;

/**
 * Adds users to a call that is under way (another device rings, or the call is transferred to them): only users who
 * are not yet its recipients get their pop-up, in one statement (a repeated notification adds no one).
 */
export async function addCallRecipients(
  run: Prepared,
  input: {
    readonly callPk: string;
    readonly startedAt: Date;
    readonly deliveries: readonly FreshDelivery[];
    readonly kind: string;
    readonly channel: string;
    readonly maxInlineBytes: number;
  },
): Promise<number> {
  if (input.deliveries.length === 0) return 0;
  const d = recipientArrays(input.deliveries);
  const [row] = await run<{ delivered: number }>({
    name: 'callerid-add-recipients',
    text: addRecipients,
    values: [...d, input.callPk, input.startedAt, input.kind, input.channel, input.maxInlineBytes],
  });
  return row?.delivered ?? 0;
}
