/** Routes that read their body as raw bytes: a signature covers the exact bytes sent, or an adapter parses them itself. */
import type { FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { ZodApp } from './zod-app.js';

/**
 * Registers the routes of `register` in a scope where a body of `contentType` ('*': any) arrives unparsed as a Buffer
 * and every other content type is refused with 415.
 */
export function registerRawBodyRoutes(app: ZodApp, contentType: string, register: (scope: ZodApp) => void): void {
  void app.register((plain, _options, done) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser(contentType, { parseAs: 'buffer' }, (_request, body, parsed) => {
      parsed(null, body);
    });
    register(scope);
    done();
  });
}

/** The bytes a raw-body route received; empty without a body. */
export function rawBodyOf(request: FastifyRequest): Buffer {
  const body: unknown = request.body;
  return Buffer.isBuffer(body) ? body : Buffer.alloc(0);
}

/** A raw-body route validates nothing itself: its schema documents the body, which the use-case checks. */
export const documentedOnly =
  () =>
  (value: unknown): { value: unknown } => ({ value });
