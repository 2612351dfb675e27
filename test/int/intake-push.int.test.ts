// Push API contract (docs/intake.md): authentication by key+secret or signature, replay and stale timestamps,
// idempotency, batch and body limits, per-record answers and the per-source rate limit, against real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { ingestIntakeBatch } from '../../src/app/use-cases/intake/ingest.js';
import { buildLoggingApp, buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs } from '../helpers/http.js';
import { addIntakeSource, push, PUSH_URL } from '../helpers/intake.js';

import type { IntakeBatchResultView, IntakeCredentialsView } from '../../src/contract/intake.contract.js';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
let admin: Session;
let source: IntakeCredentialsView;
let nowMs = Date.parse('2026-12-08T10:00:05Z');
const seconds = (): number => Math.floor(nowMs / 1000);

beforeAll(async () => {
  t = await buildTestApp({
    clock: () => new Date(nowMs),
    env: { CRMHUB_INTAKE_RATE_PER_MINUTE: '40', CRMHUB_INTAKE_BODY_LIMIT_BYTES: '200000' },
  });
  admin = await loginAs(t.app, t.deps.db, 'portal_admin');
  source = await addIntakeSource(t.app, admin, { name: 'Radar productie', system: 'radar' });
});
afterAll(async () => {
  await t.close();
});

const record = (externalId: string, extra: Record<string, unknown> = {}) => ({
  externalId,
  name: `Relatie ${externalId}`,
  phone: '020 123 4567',
  ...extra,
});

describe('intake sources', () => {
  it('issues key, secret and environment URL once; keeps only hashes and a sealed secret', async () => {
    expect(source).toMatchObject({ system: 'radar', systemName: 'Radar360', status: 'active' });
    expect(source.apiKey).toMatch(/^ik_/);
    expect(source.environmentUrl).toMatch(/\/api\/intake\/v1$/);
    const row = await t.deps.db.selectFrom('intake_sources').selectAll().executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(source.apiSecret);
    expect(JSON.stringify(row)).not.toContain(source.apiKey);
    const list = await injectAs(t.app, admin, { method: 'GET', url: '/api/intake/sources' });
    expect(list.json<{ sources: unknown[] }>().sources).toHaveLength(1);
    expect(list.body).not.toContain(source.apiSecret);
  });

  it('is the portal CRM connection: a second CRM is refused, an unknown system is named', async () => {
    const again = await injectAs(t.app, admin, {
      method: 'POST',
      url: '/api/intake/sources',
      payload: { name: 'x', system: 'clientonline' },
    });
    expect(again.json()).toMatchObject({ status: 409, code: 'already_connected' });
    const unknown = await injectAs(t.app, admin, {
      method: 'POST',
      url: '/api/intake/sources',
      payload: { name: 'x', system: 'simplicate' },
    });
    expect(unknown.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.system' }] });
  });
});

describe('authentication', () => {
  it('accepts key+secret and answers per record', async () => {
    const response = await push(t.app, source, { records: [record('1'), record('2'), { name: 'no id' }] });
    expect(response.statusCode).toBe(200);
    const body = response.json<IntakeBatchResultView>();
    expect(body.counts).toEqual({ changed: 2, unchanged: 0, rejected: 1 });
    expect(body.records[0]).toMatchObject({ index: 0, externalId: '1', status: 'changed', created: true });
    expect(body.records[2]).toMatchObject({
      index: 2,
      externalId: null,
      status: 'rejected',
      errors: [{ field: 'externalId', code: 'required' }],
    });
  });

  it('refuses a missing key, an unknown key and a wrong secret with intake_auth_invalid', async () => {
    for (const credentials of [
      { apiKey: '', apiSecret: source.apiSecret },
      { apiKey: 'ik_unknown', apiSecret: source.apiSecret },
      { apiKey: source.apiKey, apiSecret: 'wrong' },
    ]) {
      const response = await push(t.app, credentials, { records: [record('1')] });
      expect(response.statusCode).toBe(401);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json()).toMatchObject({ code: 'intake_auth_invalid' });
    }
  });

  it('accepts a fresh HMAC signature once; a replay, a stale timestamp or another body is refused', async () => {
    const body = { records: [record('3')] };
    const signed = await push(t.app, source, body, { signAt: seconds() - 60 });
    expect(signed.statusCode).toBe(200);
    const replay = await push(t.app, source, body, { signAt: seconds() - 60 });
    expect(replay.json()).toMatchObject({ status: 409, code: 'intake_replayed' });
    const stale = await push(t.app, source, body, { signAt: seconds() - 301 });
    expect(stale.json()).toMatchObject({ status: 401, code: 'intake_timestamp_invalid' });
    const future = await push(t.app, source, body, { signAt: seconds() + 301 });
    expect(future.json()).toMatchObject({ code: 'intake_timestamp_invalid' });
    const tampered = await push(t.app, source, body, {
      signAt: seconds(),
      headers: { 'x-crmhub-signature': `sha256=${'0'.repeat(64)}` },
    });
    expect(tampered.json()).toMatchObject({ status: 401, code: 'intake_signature_invalid' });
  });

  it('never logs the API key or secret of a push', async () => {
    const { app, logLines } = await buildLoggingApp(t.deps);
    try {
      expect((await push(app, source, { records: [record('log')] })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
    expect(logLines.join('\n')).toContain('/api/intake/v1/batches');
    expect(logLines.join('\n')).not.toContain(source.apiSecret);
    expect(logLines.join('\n')).not.toContain(source.apiKey);
  });

  it('stops the old credentials at once when rotated', async () => {
    const rotated = await injectAs(t.app, admin, { method: 'POST', url: `/api/intake/sources/${source.id}/rotate` });
    const next = rotated.json<IntakeCredentialsView>();
    expect(next.apiKey).not.toBe(source.apiKey);
    expect((await push(t.app, source, { records: [record('1')] })).statusCode).toBe(401);
    expect((await push(t.app, next, { records: [record('1')] })).statusCode).toBe(200);
    source = next;
  });
});

describe('idempotency and per-record answers', () => {
  it('returns the first answer for a repeated Idempotency-Key and changes nothing', async () => {
    const body = { records: [record('10', { email: 'a@example.nl' })] };
    const first = await push(t.app, source, body, { idempotencyKey: 'batch-10' });
    expect(first.json<IntakeBatchResultView>().counts.changed).toBe(1);
    const audits = t.deps.db.selectFrom('audit_log').select('id').where('action', '=', 'intake_batch_received');
    const before = (await audits.execute()).length;
    const again = await push(t.app, source, body, { idempotencyKey: 'batch-10' });
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(first.json());
    expect((await audits.execute()).length).toBe(before);
    const other = await push(t.app, source, { records: [record('11')] }, { idempotencyKey: 'batch-10' });
    expect(other.json()).toMatchObject({ status: 409, code: 'intake_idempotency_conflict' });
  });

  it('tells changed (with the fields), unchanged and older records apart', async () => {
    await push(t.app, source, { records: [record('20', { updatedAt: '2026-12-08T09:00:00Z' })] });
    const response = await push(t.app, source, {
      records: [
        record('20', { phone: '020 765 4321', updatedAt: '2026-12-08T09:30:00Z' }),
        record('2'),
        record('20b', { updatedAt: 'not a date' }),
      ],
    });
    expect(response.json<IntakeBatchResultView>().records).toEqual([
      {
        index: 0,
        externalId: '20',
        status: 'changed',
        created: false,
        fields: [{ field: 'phone', old: '020 123 4567', new: '020 765 4321' }],
      },
      { index: 1, externalId: '2', status: 'unchanged', reason: 'same' },
      {
        index: 2,
        externalId: '20b',
        status: 'rejected',
        errors: [{ field: 'updatedAt', code: 'invalid_value', message: expect.stringContaining('ISO 8601') as string }],
      },
    ]);
    const older = await push(t.app, source, {
      records: [record('20', { phone: '020 000 0001', updatedAt: '2026-12-08T08:00:00Z' })],
    });
    expect(older.json<IntakeBatchResultView>().records[0]).toMatchObject({ status: 'unchanged', reason: 'older' });
  });

  it('rejects both records of an external id sent twice, and an atomic preview changes nothing', async () => {
    const dup = await push(t.app, source, { records: [record('30'), record('30')] });
    expect(dup.json<IntakeBatchResultView>().counts).toEqual({ changed: 0, unchanged: 0, rejected: 2 });
    const preview = await ingestIntakeBatch(t.deps, {
      sourceId: source.id,
      records: [record('31'), { externalId: '32', colour: 'red' }],
      mode: 'commit',
      origin: { kind: 'file', label: 'export.csv' },
      atomic: true,
    });
    expect(preview.ok && preview.value).toMatchObject({ rolledBack: true, counts: { changed: 1, rejected: 1 } });
    const stored = t.deps.db.selectFrom('intake_records').select('external_id').where('external_id', '=', '31');
    expect(await stored.execute()).toEqual([]);
  });
});

describe('limits', () => {
  it('answers 413 for more than 1,000 records and for a body over the byte limit; 1,000 pass', async () => {
    const many = (n: number) => ({ records: Array.from({ length: n }, (_, i) => ({ externalId: `m${i}` })) });
    const tooMany = await push(t.app, source, many(1001));
    expect(tooMany.statusCode).toBe(413);
    expect(tooMany.json()).toMatchObject({ code: 'intake_batch_too_large' });
    const thousand = await push(t.app, source, many(1000));
    expect(thousand.json<IntakeBatchResultView>().counts.changed).toBe(1000);
    const big = await push(t.app, source, { records: [record('big', { name: 'x'.repeat(210_000) })] });
    expect(big.statusCode).toBe(413);
    expect(big.json()).toMatchObject({ code: 'payload_too_large' });
  });

  it('refuses a body that is not a batch with a named field', async () => {
    const notJson = await push(t.app, source, '{"records": [');
    expect(notJson.json()).toMatchObject({ status: 400, code: 'validation_failed' });
    const empty = await push(t.app, source, { records: [] });
    expect(empty.json()).toMatchObject({ code: 'validation_failed', errors: [{ field: 'body.records' }] });
  });

  it('answers 429 with Retry-After past the per-source rate, and accepts again in the next minute', async () => {
    nowMs = Date.parse('2026-12-08T11:00:20Z');
    const answers: number[] = [];
    for (let i = 0; i < 41; i += 1) answers.push((await push(t.app, source, { records: [record('r')] })).statusCode);
    expect(answers.slice(0, 40).every((status) => status === 200)).toBe(true);
    const limited = await push(t.app, source, { records: [record('r')] });
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('40');
    expect(limited.json()).toMatchObject({ code: 'intake_rate_limited' });
    nowMs = Date.parse('2026-12-08T11:01:00Z');
    expect((await push(t.app, source, { records: [record('r')] })).statusCode).toBe(200);
  });
});

describe('the OpenAPI document', () => {
  it('documents the push route with its record schema and examples', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/openapi.json' })).body;
    expect(doc).toContain(PUSH_URL);
    expect(doc).toContain('Bakkerij De Korenschoof B.V.');
    expect(doc).toContain('x-crmhub-signature');
  });
});
