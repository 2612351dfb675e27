import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { buildTestApp } from '../helpers/app.js';
import { injectAs, loginAs, TEST_PASSWORD } from '../helpers/http.js';

import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
let admin: Session;

beforeAll(async () => {
  t = await buildTestApp({ env: { CRMHUB_BODY_LIMIT_BYTES: '2048' } });
  admin = await loginAs(t.app, t.deps.db, 'portal_admin');
});
afterAll(async () => {
  await t.close();
});

function expectProblem(
  response: { statusCode: number; headers: Record<string, unknown>; json: () => unknown },
  status: number,
  code: string,
) {
  expect(response.statusCode).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({ status, code, type: `urn:crmhub:error:${code}` });
}

/** POST /api/users as the admin, with a raw body of the given content type or (without one) a JSON object. */
function postUser(payload: string | Record<string, unknown>, contentType?: string): Promise<LightMyRequestResponse> {
  const headers = contentType === undefined ? {} : { 'content-type': contentType };
  return injectAs(t.app, admin, { method: 'POST', url: '/api/users', headers, payload });
}

describe('bad input never becomes a 500', () => {
  it('malformed JSON', async () => {
    const response = await postUser('{"email": "a@b.nl",', 'application/json');
    expectProblem(response, 400, 'malformed_json');
  });

  it('unknown fields, naming the field', async () => {
    const response = await postUser({
      email: 'a@b.nl',
      name: 'A',
      password: TEST_PASSWORD,
      role: 'employee',
      isAdmin: true,
    });
    expectProblem(response, 400, 'validation_failed');
    expect(response.json()).toMatchObject({ errors: [{ field: 'body.isAdmin', code: 'unknown_field' }] });
  });

  it('missing and wrong-typed fields, each named', async () => {
    const response = await postUser({ email: 'not-an-email', role: 'boss' });
    expectProblem(response, 400, 'validation_failed');
    const fields = response
      .json<{ errors: { field: string; code: string }[] }>()
      .errors.map((error) => `${error.field} ${error.code}`)
      .sort();
    // Each with the code the UI words (docs/errors.md#field-codes), not only zod's English message.
    expect(fields).toEqual([
      'body.email invalid_email',
      'body.name required',
      'body.password required',
      'body.role invalid_choice',
    ]);
  });

  it('oversized bodies', async () => {
    const response = await postUser({
      email: 'a@b.nl',
      name: 'x'.repeat(5000),
      password: TEST_PASSWORD,
      role: 'employee',
    });
    expectProblem(response, 413, 'payload_too_large');
  });

  it('wrong content type', async () => {
    const response = await postUser('email,name\na@b.nl,A', 'text/csv');
    expectProblem(response, 415, 'unsupported_media_type');
  });

  it('bad ids, naming the parameter; a well-formed unknown id is a 404', async () => {
    const bad = await injectAs(t.app, admin, { url: '/api/users/42' });
    expectProblem(bad, 400, 'validation_failed');
    expect(bad.json()).toMatchObject({ errors: [{ field: 'params.id', code: 'invalid_guid' }] });
    expectProblem(
      await injectAs(t.app, admin, { url: '/api/users/6f1c1f9e-8d7b-4c1e-9a3e-2b1d4c5e6f70' }),
      404,
      'not_found',
    );
  });

  it('unknown routes under /api', async () => {
    expectProblem(await injectAs(t.app, admin, { url: '/api/nope' }), 404, 'not_found');
  });

  it('a duplicate email is a conflict, not a crash, and writes nothing', async () => {
    const payload = { email: 'dup@kantoor.nl', name: 'Dup', password: TEST_PASSWORD, role: 'employee' };
    expect((await postUser(payload)).statusCode).toBe(201);
    const again = await postUser({ ...payload, email: 'DUP@kantoor.nl' });
    expectProblem(again, 409, 'email_taken');
    const rows = await t.deps.db.selectFrom('users').select('id').where('email', 'ilike', 'dup@kantoor.nl').execute();
    expect(rows).toHaveLength(1);
  });
});
