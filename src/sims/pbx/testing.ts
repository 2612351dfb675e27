/** Test helpers: a receiver recording what a PBX sends to crmhub's call-event endpoints (raw), and on-demand settings. */
import Fastify from 'fastify';

import type { FastifyInstance } from 'fastify';
import type { StartPbxSimOptions } from './sim.js';

/** Simulator settings for tests: no calls of its own and no waits between a call's events; tests place each call. */
export const onDemandCalls = { ratePerSecond: 0, timeScale: 0 } as const satisfies Partial<StartPbxSimOptions>;

export type Received = {
  method: string;
  /** Path and query exactly as sent (percent-encoding intact). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
  rawBody: string | null;
};

export type Receiver = {
  url: string;
  received: Received[];
  /** Status to answer with (default 204); a function may vary it per request. */
  respondWith: (request: Received) => number;
  app: FastifyInstance;
  close(): Promise<void>;
};

/** Starts a receiver on a free port; every request under `/api/callerid/` is recorded with its raw body. */
export async function startReceiver(): Promise<Receiver> {
  const app = Fastify({ logger: false });
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    done(null, body);
  });
  const receiver: Receiver = {
    url: '',
    received: [],
    respondWith: () => 204,
    app,
    close: () => app.close(),
  };
  app.all('/api/callerid/*', (request, reply) => {
    const entry: Received = {
      method: request.method,
      url: request.raw.url ?? request.url,
      headers: request.headers,
      rawBody: typeof request.body === 'string' ? request.body : null,
    };
    receiver.received.push(entry);
    return reply.code(receiver.respondWith(entry)).send();
  });
  receiver.url = await app.listen({ port: 0, host: '127.0.0.1' });
  return receiver;
}
