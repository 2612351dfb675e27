/** The Simplicate response envelope `{data, metadata, errors, debug}` and its error bodies (docs/external-systems/simplicate.md#envelope-and-paging, #errors-and-rate-limit [I]). */
import type { FastifyReply } from 'fastify';
import type { Json } from './records.js';

const ERROR_TYPES: Record<number, string> = {
  400: 'bad_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  422: 'unprocessable_entity',
  429: 'too_many_requests',
  500: 'internal_server_error',
  502: 'bad_gateway',
  503: 'service_unavailable',
};

export type ErrorItem = { code: number; type: string; message: string };

export function envelope(data: Json, metadata?: Record<string, Json>): Record<string, Json> {
  return { data, ...(metadata === undefined ? {} : { metadata }), errors: null, debug: null };
}

/** [I] docs/external-systems/simplicate.md#errors-and-rate-limit: `{"data":null,"errors":[{"code","type","message"}],"debug":null}` with the HTTP status. */
export function errorEnvelope(status: number, messages: readonly string[]): Record<string, Json> {
  const type = ERROR_TYPES[status] ?? (status >= 500 ? 'server_error' : 'error');
  return { data: null, errors: messages.map((message) => ({ code: status, type, message })), debug: null };
}

export function sendError(reply: FastifyReply, status: number, ...messages: string[]): FastifyReply {
  return reply
    .code(status)
    .header('content-type', 'application/json; charset=utf-8')
    .send(errorEnvelope(status, messages));
}
