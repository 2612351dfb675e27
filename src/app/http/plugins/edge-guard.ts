/** What is refused before any route runs: unreadable requests, NUL and unpaired surrogates; all as problem+json. */
import http from 'node:http';

import { problemBody } from '../problem.js';
import { sendProblem } from './error-handler.js';

import type { FastifyInstance, FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { Socket } from 'node:net';
import type { ProblemCode } from '../problem.js';

// NUL cannot be stored in PostgreSQL text, and an unpaired UTF-16 surrogate cannot be encoded as UTF-8.
// eslint-disable-next-line no-control-regex -- the NUL character is exactly what is looked for
const FORBIDDEN_CHARACTER = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const FORBIDDEN_MESSAGE = 'contains a character that is not allowed (NUL or an unpaired surrogate)';

/** The first string (at any depth) holding a forbidden character, named by its path (`body.email`). */
export function findForbiddenCharacter(value: unknown, path: string): string | null {
  if (typeof value === 'string') return FORBIDDEN_CHARACTER.test(value) ? path : null;
  if (Buffer.isBuffer(value) || value === null || typeof value !== 'object') return null;
  for (const [key, inner] of Object.entries(value)) {
    const found = findForbiddenCharacter(key, path) ?? findForbiddenCharacter(inner, `${path}.${key}`);
    if (found !== null) return found;
  }
  return null;
}

/** A raw (signed) body is checked as the JSON it claims to be; anything else is left to its route. */
function rawBodyProblem(body: Buffer): string | null {
  try {
    return findForbiddenCharacter(JSON.parse(body.toString('utf8')), 'body');
  } catch {
    return null;
  }
}

function decodedPath(url: string): string | null {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '');
  } catch {
    return null;
  }
}

function forbiddenField(request: FastifyRequest): string | null {
  const path = decodedPath(request.url);
  if (path !== null && FORBIDDEN_CHARACTER.test(path)) return 'url';
  return (
    findForbiddenCharacter(request.query, 'query') ??
    findForbiddenCharacter(request.params, 'params') ??
    (Buffer.isBuffer(request.body) ? rawBodyProblem(request.body) : findForbiddenCharacter(request.body, 'body'))
  );
}

async function refuseForbiddenCharacters(
  request: FastifyRequest,
  reply: FastifyReply,
): Promise<FastifyReply | undefined> {
  const field = forbiddenField(request);
  if (field === null) return undefined;
  // A static file can never have such a name.
  if (field === 'url' && !request.url.startsWith('/api/')) return sendProblem(reply, 'not_found', 'no such file');
  return sendProblem(reply, 'validation_failed', `${field}: ${FORBIDDEN_MESSAGE}`, {
    errors: [{ field, code: 'control_character', message: FORBIDDEN_MESSAGE }],
  });
}

/** Router-level failures (a badly percent-encoded address, an over-long path segment) as problem+json. */
export const frameworkErrors: NonNullable<FastifyServerOptions['frameworkErrors']> = (error, _request, reply) => {
  const code: ProblemCode = error.code === 'FST_ERR_BAD_URL' ? 'malformed_url' : 'not_found';
  void sendProblem(reply, code, code === 'malformed_url' ? 'the address is not validly percent-encoded' : undefined);
};

const clientErrorCodes: Record<string, ProblemCode> = {
  HPE_HEADER_OVERFLOW: 'headers_too_large',
  ERR_HTTP_REQUEST_TIMEOUT: 'request_timeout',
};

/**
 * Requests Node's HTTP parser refuses (headers or request line too large, malformed): answered as problem+json and
 * never logged, because the refused bytes (kept on the error) may hold a token from the address.
 */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const problem = problemBody(clientErrorCodes[error.code ?? ''] ?? 'malformed_request');
  const body = JSON.stringify(problem);
  const status = problem.status;
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${String(status)} ${http.STATUS_CODES[status] ?? ''}\r\nContent-Type: application/problem+json\r\n` +
        `Content-Length: ${String(Buffer.byteLength(body))}\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

/** Longest address (path and query) crmhub reads; nothing it serves needs more, and longer ones are often probes. */
export const MAX_URL_LENGTH = 8_192;

async function refuseLongAddresses(request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply | undefined> {
  if (request.url.length <= MAX_URL_LENGTH) return undefined;
  return sendProblem(reply, 'uri_too_long', `the address is longer than ${String(MAX_URL_LENGTH)} characters`);
}

/** Registers the checks that run for every request before its route's own validation. */
export function registerEdgeGuard(app: FastifyInstance): void {
  app.addHook('onRequest', refuseLongAddresses);
  app.addHook('preValidation', refuseForbiddenCharacters);
}
