/** The push API's use-case: authenticate, count against the source's rate, honour Idempotency-Key, ingest once. */
import { createHash } from 'node:crypto';

import {
  countIntakeRequest,
  findIntakeRequest,
  firstUseOfSignature,
  saveIntakeRequest,
} from '../../../adapters/db/repos/intake-sources.repo.js';
import { intakeBatchEnvelopeSchema, intakeBatchResultSchema } from '../../../contract/intake.contract.js';
import { INTAKE_MAX_BATCH } from '../../../core/intake/record.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';
import { ingestIntakeBatch } from './ingest.js';
import { authenticatePush, SIGNATURE_WINDOW_SECONDS } from './push-auth.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { WebhookHeaders } from '../../../adapters/shared/system.js';
import type { AppDeps } from '../../deps.js';
import type { Failure, Outcome } from '../failure.js';
import type { IntakeBatchResult } from './ingest.js';
import type { PushCaller } from './push-auth.js';

/** An Idempotency-Key's first answer is kept this long. */
export const IDEMPOTENCY_KEEP_MS = 24 * 3600_000;
const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export type PushAnswer = { readonly result: IntakeBatchResult; readonly replayed: boolean };

/** Counts the request in the source's current minute; over the limit, the seconds until the next minute. */
async function checkRate(deps: Pick<AppDeps, 'db' | 'clock' | 'config'>, caller: PushCaller): Promise<Outcome<void>> {
  const nowMs = deps.clock().getTime();
  const windowStart = Math.floor(nowMs / 60_000) * 60_000;
  const count = await countIntakeRequest(deps.db, caller.connectionId, new Date(windowStart));
  if (count <= deps.config.intakeRatePerMinute) return ok(undefined);
  const retryAfterSeconds = Math.max(1, Math.ceil((windowStart + 60_000 - nowMs) / 1000));
  return fail('intake_rate_limited', `at most ${deps.config.intakeRatePerMinute} requests a minute per source`, {
    retryAfterSeconds,
  });
}

function parseBody(rawBody: Buffer): Outcome<readonly unknown[]> {
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString('utf8'));
  } catch {
    return fail('validation_failed', 'the body is not valid JSON', {
      errors: [{ field: 'body', code: 'invalid', message: 'must be JSON: { "records": [ … ] }' }],
    });
  }
  const envelope = intakeBatchEnvelopeSchema.safeParse(body);
  if (!envelope.success) {
    return fail('validation_failed', 'the body must be { "records": [ … ] } with at least one record', {
      errors: [{ field: 'body.records', code: 'required', message: 'must be an array of at least one record' }],
    });
  }
  if (envelope.data.records.length > INTAKE_MAX_BATCH) {
    return fail(
      'intake_batch_too_large',
      `${envelope.data.records.length} records; send at most ${INTAKE_MAX_BATCH} per request`,
    );
  }
  return ok(envelope.data.records);
}

function idempotencyKeyOf(headers: WebhookHeaders): Outcome<string | null> {
  const raw = headers['idempotency-key'];
  const key = typeof raw === 'string' ? raw : raw?.[0];
  if (key === undefined) return ok(null);
  if (!IDEMPOTENCY_KEY.test(key)) {
    return fail('validation_failed', 'Idempotency-Key must be 1–200 visible ASCII characters', {
      errors: [
        {
          field: 'headers.idempotency-key',
          code: 'invalid',
          params: { max: 200 },
          message: 'must be 1–200 visible ASCII characters',
        },
      ],
    });
  }
  return ok(key);
}

/** The first answer to this key with this body, a conflict for another body, or null when the key is new. */
async function earlierAnswer(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  caller: PushCaller,
  key: string,
  bodySha256: string,
): Promise<Outcome<PushAnswer> | null> {
  const stored = await findIntakeRequest(deps.db, {
    connectionId: caller.connectionId,
    idempotencyKey: key,
    now: deps.clock(),
    keepMs: IDEMPOTENCY_KEEP_MS,
  });
  if (stored === null) return null;
  if (stored.bodySha256 !== bodySha256) {
    return fail('intake_idempotency_conflict', 'this Idempotency-Key was first used with another body');
  }
  return ok({ result: intakeBatchResultSchema.parse(stored.response), replayed: true });
}

/** In the batch's transaction: the signature is used once, and the answer is stored under the key. */
function commitGuard(caller: PushCaller, key: string | null, bodySha256: string, now: Date) {
  return async (trx: Db, result: IntakeBatchResult): Promise<Failure | null> => {
    if (caller.signature !== null) {
      const input = { connectionId: caller.connectionId, signature: caller.signature, now };
      if (!(await firstUseOfSignature(trx, { ...input, windowMs: 2 * SIGNATURE_WINDOW_SECONDS * 1000 }))) {
        return { code: 'intake_replayed', detail: 'this signature was already used; sign each request anew' };
      }
    }
    if (key === null) return null;
    const saved = await saveIntakeRequest(trx, {
      connectionId: caller.connectionId,
      idempotencyKey: key,
      bodySha256,
      response: result,
      now,
    });
    return saved ? null : { code: 'intake_idempotency_conflict', detail: 'another request with this key came first' };
  };
}

/** One push request, from its raw bytes and headers to the per-record answer. */
export async function receivePush(
  deps: AppDeps,
  input: { readonly rawBody: Buffer; readonly headers: WebhookHeaders },
): Promise<Outcome<PushAnswer>> {
  const caller = await authenticatePush(deps, input);
  if (!caller.ok) return caller;
  const rate = await checkRate(deps, caller.value);
  if (!rate.ok) return rate;
  const key = idempotencyKeyOf(input.headers);
  if (!key.ok) return key;
  const bodySha256 = createHash('sha256').update(input.rawBody).digest('hex');
  if (key.value !== null) {
    const earlier = await earlierAnswer(deps, caller.value, key.value, bodySha256);
    if (earlier !== null) return earlier;
  }
  const records = parseBody(input.rawBody);
  if (!records.ok) return records;
  const ingested = await ingestIntakeBatch(
    deps,
    {
      sourceId: caller.value.connectionId,
      records: records.value,
      mode: 'commit',
      origin: { kind: 'push', label: key.value },
      atomic: false,
    },
    commitGuard(caller.value, key.value, bodySha256, deps.clock()),
  );
  if (!ingested.ok) {
    // Two requests with one key at once: the batch that lost the race answers with the winner's answer.
    if (key.value === null || ingested.error.code !== 'intake_idempotency_conflict') return ingested;
    return (await earlierAnswer(deps, caller.value, key.value, bodySha256)) ?? ingested;
  }
  return ok({ result: ingested.value, replayed: false });
}
