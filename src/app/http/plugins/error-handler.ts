/** Turns every failure into RFC 9457 problem+json with a stable code; 5xx details never leave the server. */
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';

import { fieldProblemOfIssue } from '../../../core/field-problem.js';
import { ApiError, problemBody } from '../problem.js';

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Failure } from '../../use-cases/failure.js';
import type { FieldProblem, ProblemCode, ProblemExtras } from '../problem.js';

const DATABASE_RETRY_AFTER_SECONDS = 5;
const STATIC_FILES_ROUTE = '/*';

/** Connection-level PostgreSQL failures (server gone, refused, shutting down): the request may succeed later. */
export function isDatabaseUnavailable(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = 'code' in error && typeof error.code === 'string' ? error.code : '';
  return (
    ['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH'].includes(code) ||
    code.startsWith('08') || // connection_exception class
    code === '57P01' || // admin_shutdown
    code === '57P02' || // crash_shutdown
    code === '57P03' || // cannot_connect_now
    /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(
      error.message,
    )
  );
}

export function sendProblem(
  reply: FastifyReply,
  code: ProblemCode,
  detail?: string,
  extras: ProblemExtras = {},
): FastifyReply {
  const body = problemBody(code, detail, extras.errors, extras.reason);
  if (extras.retryAfterSeconds !== undefined) void reply.header('retry-after', String(extras.retryAfterSeconds));
  return reply.code(body.status).type('application/problem+json').send(body);
}

function validationProblems(error: FastifyError): FieldProblem[] {
  const context = error.validationContext ?? 'body';
  return (error.validation ?? []).map((issue) => {
    const path = issue.instancePath.split('/').filter(Boolean).join('.');
    const keys = (issue.params as { keys?: unknown }).keys;
    const unknownKeys = Array.isArray(keys) ? keys.map(String) : [];
    const field = [context, path, unknownKeys.length === 1 ? unknownKeys[0] : ''].filter(Boolean).join('.');
    // The zod issue, as Fastify reports it: its code is the keyword, its other members the params.
    const coded = fieldProblemOfIssue({ ...issue.params, code: issue.keyword, message: issue.message ?? '' });
    return { field, ...coded, message: issue.message ?? 'is not valid' };
  });
}

/** A failure's parts with the code widened to every problem code (framework and database errors included). */
export type ClassifiedError = Omit<Failure, 'code'> & { readonly code: ProblemCode };

/** Maps any thrown error to the problem we answer with; unknown errors become internal_error with no detail. */
export function classifyError(error: FastifyError): ClassifiedError {
  if (error instanceof ApiError) {
    return { code: error.code, ...(error.detail === undefined ? {} : { detail: error.detail }), ...error.extras };
  }
  if (isDatabaseUnavailable(error))
    return { code: 'database_unavailable', retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS };
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = validationProblems(error);
    return { code: 'validation_failed', detail: errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors };
  }
  switch (error.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return { code: 'unsupported_media_type', detail: 'send the body as application/json' };
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { code: 'payload_too_large', detail: error.message };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return { code: 'malformed_json', detail: 'the body is empty but Content-Type says JSON' };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { code: 'malformed_json', detail: error.message };
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400)
    return { code: 'malformed_json', detail: error.message };
  if (error.statusCode === 415) return { code: 'unsupported_media_type', detail: error.message };
  if (error.statusCode === 413) return { code: 'payload_too_large', detail: error.message };
  return { code: 'internal_error' };
}

/** Registers the error and not-found handlers on the root instance. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    // The web UI's files are served by one wildcard route: any path it cannot serve (`/%2e%2e/x`) is simply absent.
    if (request.routeOptions.url === STATIC_FILES_ROUTE) return sendProblem(reply, 'not_found', 'no such file');
    const { code, detail, ...extras } = classifyError(error);
    if (code === 'internal_error') request.log.error({ err: error }, 'unhandled error');
    // A use-case that reports the database as unavailable (readiness) already knows; a failing query is news.
    if (code === 'database_unavailable' && !(error instanceof ApiError)) {
      request.log.warn({ err: error }, 'database unavailable');
    }
    return sendProblem(reply, code, detail, extras);
  });
}
