import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

import { connectorErrorCodes, connectorReasons, networkFailures } from '../../core/connector.js';
import { fieldProblemCodes } from '../../core/field-problem.js';
import { classifyError, isDatabaseUnavailable } from './plugins/error-handler.js';
import { ApiError, problemBody, problemCatalogue } from './problem.js';

import type { FastifyError } from 'fastify';

function fastifyError(props: Partial<FastifyError> & { message?: string }): FastifyError {
  return Object.assign(new Error(props.message ?? 'x'), props) as FastifyError;
}

describe('problem codes', () => {
  it('every code is documented in docs/errors.md with its status', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../../docs/errors.md'), 'utf8');
    for (const [code, { status }] of Object.entries(problemCatalogue)) {
      expect(docs, code).toMatch(new RegExp(`\`${code}\` \\| ${status} \\|`));
    }
  });

  it('every field code is documented in docs/errors.md#field-codes', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../../docs/errors.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Field codes'), docs.indexOf('## AccountView connect reasons'));
    for (const code of fieldProblemCodes) expect(section, code).toContain(`| \`${code}\` |`);
  });

  it('every run-failure code, network failure and reason is documented in docs/errors.md#run-failures', () => {
    const docs = readFileSync(path.resolve(import.meta.dirname, '../../../docs/errors.md'), 'utf8');
    const section = docs.slice(docs.indexOf('## Run failures'), docs.indexOf('## Unreadable phone numbers'));
    for (const code of [...connectorErrorCodes, ...networkFailures, ...connectorReasons]) {
      expect(section, code).toContain(`\`${code}\``);
    }
  });

  it('builds RFC 9457 bodies with a stable code', () => {
    expect(problemBody('forbidden', 'needs portal_admin')).toEqual({
      type: 'urn:crmhub:error:forbidden',
      title: 'Your role may not do this',
      status: 403,
      code: 'forbidden',
      detail: 'needs portal_admin',
    });
  });
});

describe('classifyError', () => {
  it('keeps an ApiError as it is, with its extras', () => {
    expect(
      classifyError(
        new ApiError('too_many_attempts', 'slow down', { retryAfterSeconds: 60 }) as unknown as FastifyError,
      ),
    ).toEqual({
      code: 'too_many_attempts',
      detail: 'slow down',
      retryAfterSeconds: 60,
    });
  });

  it('maps Fastify body errors to 4xx codes', () => {
    expect(classifyError(fastifyError({ code: 'FST_ERR_CTP_INVALID_MEDIA_TYPE', statusCode: 415 })).code).toBe(
      'unsupported_media_type',
    );
    expect(classifyError(fastifyError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE', statusCode: 413 })).code).toBe(
      'payload_too_large',
    );
    expect(classifyError(fastifyError({ code: 'FST_ERR_CTP_EMPTY_JSON_BODY', statusCode: 400 })).code).toBe(
      'malformed_json',
    );
    expect(classifyError(fastifyError({ code: 'FST_ERR_CTP_INVALID_JSON_BODY', statusCode: 400 })).code).toBe(
      'malformed_json',
    );
  });

  it('maps lost database connections to database_unavailable with Retry-After', () => {
    expect(classifyError(fastifyError({ code: 'ECONNREFUSED' }))).toEqual({
      code: 'database_unavailable',
      retryAfterSeconds: 5,
    });
    expect(
      isDatabaseUnavailable(
        Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' }),
      ),
    ).toBe(true);
    expect(isDatabaseUnavailable(new Error('Connection terminated unexpectedly'))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error('duplicate key'), { code: '23505' }))).toBe(false);
  });

  it('hides everything about unknown errors', () => {
    expect(classifyError(fastifyError({ message: 'secret internals at /srv/x' }))).toEqual({ code: 'internal_error' });
  });
});
