/** Started OAuth connects: the state is stored as a hash, spent once, and expires; the outcome is kept for display. */
import { fieldProblemCodes } from '../../../core/field-problem.js';
import { camelRow } from './camel-row.js';
import { secretHash } from './secret-hash.js';

import type { Selectable } from 'kysely';
import type { CodedFieldProblem, FieldProblemCode } from '../../../core/field-problem.js';
import type { Db } from '../pool.js';
import type { OauthAttemptsTable } from '../schema.js';

export type OAuthAttempt = {
  readonly id: string;
  readonly portalId: string;
  readonly system: string;
  readonly userId: string | null;
  readonly createdAt: Date;
  readonly expiresAt: Date;
  readonly usedAt: Date | null;
  readonly outcome: 'connected' | 'failed' | null;
  readonly message: string | null;
  /** A failure's stable code (null before codes were stored, and for successes). */
  readonly reason: string | null;
  readonly fieldErrors: readonly CodedFieldProblem[];
  readonly connectionId: string | null;
};

type Row = Omit<Selectable<OauthAttemptsTable>, 'state_hash' | 'payload_enc'>;

const selection = [
  'id',
  'portal_id',
  'system',
  'user_id',
  'created_at',
  'expires_at',
  'used_at',
  'outcome',
  'message',
  'reason',
  'field_errors',
  'connection_id',
] as const;

/** A stored field problem without a known code (written before codes existed) reads as `invalid`. */
function storedCode(code: string | undefined): FieldProblemCode {
  return fieldProblemCodes.find((known) => known === code) ?? 'invalid';
}

function toAttempt(row: Row): OAuthAttempt {
  const fieldErrors = (row.field_errors ?? []).map((e) => ({ ...e, code: storedCode(e.code) }));
  return { ...camelRow(row), fieldErrors };
}

export async function insertOAuthAttempt(
  db: Db,
  input: {
    readonly portalId: string;
    readonly system: string;
    readonly state: string;
    readonly payloadEnc: string;
    /** Null for a single sign-on attempt: nobody is logged in yet. */
    readonly userId: string | null;
    readonly expiresAt: Date;
  },
): Promise<string> {
  const row = await db
    .insertInto('oauth_attempts')
    .values({
      portal_id: input.portalId,
      system: input.system,
      state_hash: secretHash('oauth-state', input.state),
      payload_enc: input.payloadEnc,
      user_id: input.userId,
      expires_at: input.expiresAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export type SpentAttempt =
  | { readonly kind: 'ok'; readonly attempt: OAuthAttempt; readonly payloadEnc: string }
  | { readonly kind: 'unknown' }
  | { readonly kind: 'used'; readonly attempt: OAuthAttempt }
  | { readonly kind: 'expired'; readonly attempt: OAuthAttempt };

/**
 * Spends the attempt a callback's `state` names under a row lock: a second callback with the same state finds it
 * used. The encrypted payload is cleared at once; it is returned only to the first caller.
 */
export async function spendOAuthAttempt(db: Db, state: string, now: Date): Promise<SpentAttempt> {
  const stateHash = secretHash('oauth-state', state);
  return db.transaction().execute(async (trx): Promise<SpentAttempt> => {
    const row = await trx
      .selectFrom('oauth_attempts')
      .select([...selection, 'payload_enc'])
      .where('state_hash', '=', stateHash)
      .forUpdate()
      .executeTakeFirst();
    if (row === undefined) return { kind: 'unknown' };
    const attempt = toAttempt(row);
    if (row.used_at !== null || row.payload_enc === null) return { kind: 'used', attempt };
    if (row.expires_at <= now) return { kind: 'expired', attempt };
    await trx.updateTable('oauth_attempts').set({ used_at: now, payload_enc: null }).where('id', '=', row.id).execute();
    return { kind: 'ok', attempt: { ...attempt, usedAt: now }, payloadEnc: row.payload_enc };
  });
}

export async function recordOAuthOutcome(
  db: Db,
  id: string,
  outcome: {
    readonly outcome: 'connected' | 'failed';
    readonly message: string;
    readonly reason?: string;
    readonly fieldErrors?: readonly CodedFieldProblem[];
    readonly connectionId?: string | null;
  },
): Promise<void> {
  await db
    .updateTable('oauth_attempts')
    .set({
      outcome: outcome.outcome,
      message: outcome.message,
      reason: outcome.reason ?? null,
      field_errors: JSON.stringify(outcome.fieldErrors ?? []),
      connection_id: outcome.connectionId ?? null,
    })
    .where('id', '=', id)
    .execute();
}

export async function latestOAuthAttempt(db: Db, portalId: string, system: string): Promise<OAuthAttempt | null> {
  const row = await db
    .selectFrom('oauth_attempts')
    .select(selection)
    .where('portal_id', '=', portalId)
    .where('system', '=', system)
    .orderBy('created_at', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row === undefined ? null : toAttempt(row);
}

export async function deleteOldOAuthAttempts(db: Db, before: Date): Promise<number> {
  const result = await db.deleteFrom('oauth_attempts').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
