/** Serving Server-Sent Events streams of signed-in users: headers, first frame, heartbeats, a cap per user, shutdown. */
import { ApiError } from './problem.js';

import type { FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { ZodApp } from './zod-app.js';

export type OpenStream = {
  readonly raw: ServerResponse;
  readonly userId: string;
  readonly heartbeatSeconds: number;
  /** The first frame (a `ready` event), written before anything the subscription sends. */
  readonly ready: string;
  /** Starts the stream's feed; `send` writes a frame while the response is open. */
  readonly subscribe: (send: (frame: string) => void) => { close(): void };
};

export type StreamRegistry = { serve(stream: OpenStream): void; endAll(): void };

/** Refuses a request that does not accept an event stream (406 `not_acceptable`). */
export function requireEventStream(request: FastifyRequest): void {
  if (!(request.headers.accept ?? '').includes('text/event-stream')) {
    throw new ApiError('not_acceptable', 'send Accept: text/event-stream (use EventSource)');
  }
}

/** Serves the streams of one route: at most `maxPerUser` per user (the oldest is closed beyond), all ended by endAll. */
export function createStreamRegistry(maxPerUser: number): StreamRegistry {
  const open = new Map<string, Set<ServerResponse>>();
  const streams = new Set<() => void>();
  const serve = ({ raw, userId, heartbeatSeconds, ready, subscribe }: OpenStream): void => {
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 2000\n\n');
    raw.write(ready);
    const mine = open.get(userId) ?? new Set<ServerResponse>();
    open.set(userId, mine);
    mine.add(raw);
    if (mine.size > maxPerUser) [...mine][0]?.end();
    const send = (text: string): void => {
      if (!raw.writableEnded && !raw.destroyed) raw.write(text);
    };
    const subscription = subscribe(send);
    const heartbeat = setInterval(() => {
      send(': heartbeat\n\n');
    }, heartbeatSeconds * 1000);
    const end = (): void => {
      clearInterval(heartbeat);
      subscription.close();
      mine.delete(raw);
      if (mine.size === 0) open.delete(userId);
      streams.delete(end);
      if (!raw.writableEnded) raw.end();
    };
    streams.add(end);
    raw.on('close', end);
    raw.on('error', end);
  };
  return {
    serve,
    endAll() {
      for (const end of [...streams]) end();
    },
  };
}

/** Streams one user may hold open on one instance (tabs); the oldest is closed beyond this. */
const MAX_STREAMS_PER_USER = 10;

/**
 * The registry of one stream route of `app`, whose open streams end before the app closes (they would keep it from
 * closing), and then `stop` runs (the route's hub).
 */
export function streamsOfApp(app: ZodApp, stop: () => Promise<void>): StreamRegistry {
  const registry = createStreamRegistry(MAX_STREAMS_PER_USER);
  app.addHook('preClose', async () => {
    registry.endAll();
    await stop();
  });
  return registry;
}
