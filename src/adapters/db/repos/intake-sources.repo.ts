/** Intake sources: hashed API keys and secrets, and the per-request guards (rate window, signatures, idempotency). */
import { sql } from 'kysely';

import { camelColumns } from './camel-row.js';
import { deleteConnectionRowsBelow, updateConnectionRows } from './connection-rows.js';
import { secretHash } from './secret-hash.js';

import type { Db } from '../pool.js';

/** The stored hash of an issued key or secret (both are 32 random bytes). */
export function hashIntakeCredential(kind: 'key' | 'secret', value: string): string {
  return secretHash(`intake-${kind}`, value);
}

export type IntakeSourceRow = {
  readonly connectionId: string;
  readonly portalId: string;
  readonly name: string;
  readonly apiKeyPrefix: string;
  readonly createdAt: Date;
  readonly rotatedAt: Date | null;
  readonly lastBatchAt: Date | null;
};

/** What authenticating a request needs: the secret's hash and its sealed copy, and the connection's state. */
export type IntakeCaller = {
  readonly connectionId: string;
  readonly portalId: string;
  readonly secretHash: string;
  readonly secretEnc: string;
  readonly status: string;
};

/** Issued credentials in their stored form. */
export type StoredIntakeCredentials = {
  readonly apiKey: string;
  readonly apiKeyPrefix: string;
  readonly secret: string;
  readonly secretEnc: string;
};

const columns = [
  'connection_id',
  'portal_id',
  'name',
  'api_key_prefix',
  'created_at',
  'rotated_at',
  'last_batch_at',
] as const;
const selection = camelColumns(columns);

function storedColumns(credentials: StoredIntakeCredentials) {
  return {
    api_key_hash: hashIntakeCredential('key', credentials.apiKey),
    api_key_prefix: credentials.apiKeyPrefix,
    secret_hash: hashIntakeCredential('secret', credentials.secret),
    secret_enc: credentials.secretEnc,
  };
}

export async function insertIntakeSource(
  db: Db,
  input: { connectionId: string; portalId: string; name: string; credentials: StoredIntakeCredentials },
): Promise<IntakeSourceRow> {
  return db
    .insertInto('intake_sources')
    .values({
      connection_id: input.connectionId,
      portal_id: input.portalId,
      name: input.name,
      ...storedColumns(input.credentials),
    })
    .returning(selection)
    .executeTakeFirstOrThrow();
}

/** New key and secret for a source of the portal (the old ones stop working); null when there is none. */
export async function rotateIntakeCredentials(
  db: Db,
  input: { connectionId: string; portalId: string; credentials: StoredIntakeCredentials; now: Date },
): Promise<IntakeSourceRow | null> {
  const row = await db
    .updateTable('intake_sources')
    .set({ ...storedColumns(input.credentials), rotated_at: input.now })
    .where('connection_id', '=', input.connectionId)
    .where('portal_id', '=', input.portalId)
    .where('api_key_hash', 'is not', null)
    .returning(selection)
    .executeTakeFirst();
  return row ?? null;
}

/** Forgets the credentials of a removed source (its records and history stay). */
export async function revokeIntakeCredentials(db: Db, connectionId: string): Promise<void> {
  await updateConnectionRows(db, 'intake_sources', connectionId, {
    api_key_hash: null,
    secret_hash: null,
    secret_enc: null,
  });
}

/** The portal's intake sources with their connection's status, newest first. */
export async function listIntakeSources(
  db: Db,
  portalId: string,
): Promise<(IntakeSourceRow & { system: string; status: string })[]> {
  return db
    .selectFrom('intake_sources as s')
    .innerJoin('connections as c', 'c.id', 's.connection_id')
    .select([...camelColumns(columns, 's'), 'c.system', 'c.status'])
    .where('s.portal_id', '=', portalId)
    .orderBy('s.created_at', 'desc')
    .execute();
}

/** The source an API key names, when its credentials are live. */
export async function findIntakeCaller(db: Db, apiKey: string): Promise<IntakeCaller | null> {
  const row = await db
    .selectFrom('intake_sources as s')
    .innerJoin('connections as c', 'c.id', 's.connection_id')
    .select([
      's.connection_id as connectionId',
      's.portal_id as portalId',
      's.secret_hash as secretHash',
      's.secret_enc as secretEnc',
      'c.status',
    ])
    .where('s.api_key_hash', '=', hashIntakeCredential('key', apiKey))
    .executeTakeFirst();
  if (row?.secretHash == null || row.secretEnc === null) return null;
  return { ...row, secretHash: row.secretHash, secretEnc: row.secretEnc };
}

export async function touchIntakeSource(db: Db, connectionId: string, now: Date): Promise<void> {
  await updateConnectionRows(db, 'intake_sources', connectionId, { last_batch_at: now });
}

/** Counts one request in the source's current minute; returns the count including it. */
export async function countIntakeRequest(db: Db, connectionId: string, windowStart: Date): Promise<number> {
  const result = await sql<{ requests: number }>`
    INSERT INTO intake_rate (connection_id, window_start, requests) VALUES (${connectionId}, ${windowStart}, 1)
    ON CONFLICT (connection_id, window_start) DO UPDATE SET requests = intake_rate.requests + 1
    RETURNING requests`.execute(db);
  await deleteConnectionRowsBelow(db, 'intake_rate', connectionId, windowStart);
  return result.rows[0]?.requests ?? 1;
}

/** Drops the connection's rows in a time-windowed guard table that are more than `ageMs` older than `now`. */
async function deleteRowsOlderThan(
  db: Db,
  table: 'intake_signatures' | 'intake_requests',
  connectionId: string,
  now: Date,
  ageMs: number,
): Promise<void> {
  await deleteConnectionRowsBelow(db, table, connectionId, new Date(now.getTime() - ageMs));
}

/** Records a signature as used; false when it was already used within the window (a replay). */
export async function firstUseOfSignature(
  db: Db,
  input: { connectionId: string; signature: string; now: Date; windowMs: number },
): Promise<boolean> {
  await deleteRowsOlderThan(db, 'intake_signatures', input.connectionId, input.now, input.windowMs);
  const inserted = await db
    .insertInto('intake_signatures')
    .values({ connection_id: input.connectionId, signature: input.signature, seen_at: input.now })
    .onConflict((oc) => oc.doNothing())
    .returning('signature')
    .execute();
  return inserted.length > 0;
}

/** The stored answer to an idempotency key, if any (keys older than `keepMs` are dropped first). */
export async function findIntakeRequest(
  db: Db,
  input: { connectionId: string; idempotencyKey: string; now: Date; keepMs: number },
): Promise<{ bodySha256: string; response: unknown } | null> {
  await deleteRowsOlderThan(db, 'intake_requests', input.connectionId, input.now, input.keepMs);
  const row = await db
    .selectFrom('intake_requests')
    .select(['body_sha256 as bodySha256', 'response'])
    .where('connection_id', '=', input.connectionId)
    .where('idempotency_key', '=', input.idempotencyKey)
    .executeTakeFirst();
  return row ?? null;
}

/** Stores the answer to an idempotency key; false when another request stored one first. */
export async function saveIntakeRequest(
  db: Db,
  input: { connectionId: string; idempotencyKey: string; bodySha256: string; response: unknown; now: Date },
): Promise<boolean> {
  const inserted = await db
    .insertInto('intake_requests')
    .values({
      connection_id: input.connectionId,
      idempotency_key: input.idempotencyKey,
      body_sha256: input.bodySha256,
      response: JSON.stringify(input.response),
      created_at: input.now,
    })
    .onConflict((oc) => oc.doNothing())
    .returning('idempotency_key')
    .execute();
  return inserted.length > 0;
}
