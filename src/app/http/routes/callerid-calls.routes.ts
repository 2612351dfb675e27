/** Caller ID for users: the live pop-up stream (SSE), the call logs, and a number lookup. */
import { formatSseFrame } from '../../../adapters/push/sse-hub.js';
import {
  callLogQuery,
  callsSchema,
  lookupQuery,
  lookupSchema,
  popupStreamQuery,
  screenPopAddressesSchema,
  screenPopSchema,
} from '../../../contract/callerid-calls.contract.js';
import { listCallLog, lookupForUser, screenPopForUser } from '../../use-cases/callerid/call-log.js';
import { createPopupStreams } from '../../use-cases/callerid/popup-streams.js';
import { adminOnly, anyUser, currentUser } from '../plugins/auth.js';
import { ApiError, unwrap } from '../problem.js';
import { publicBaseUrl } from '../public-url.js';
import { route } from '../route.js';

import type { FastifyRequest } from 'fastify';
import type { ServerResponse } from 'node:http';
import type { PushHub } from '../../../adapters/push/sse-hub.js';
import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

/** Streams one user may hold open on one instance (tabs); the oldest is closed beyond this. */
const MAX_STREAMS_PER_USER = 10;

const tags = ['caller ID'];

/** The sequence to resume after: the Last-Event-ID header, else the `lastEventId` query parameter, else none. */
function resumeTextOf(request: FastifyRequest, queryValue: string | undefined): string | null {
  const header = request.headers['last-event-id'];
  return (typeof header === 'string' && /^\d{1,18}$/.test(header.trim()) ? header.trim() : null) ?? queryValue ?? null;
}

type OpenStream = {
  readonly raw: ServerResponse;
  readonly userId: string;
  readonly hub: PushHub;
  readonly start: number;
  readonly resumed: boolean;
  readonly heartbeatSeconds: number;
};

/** Serves the streams of one app: at most {@link MAX_STREAMS_PER_USER} per user, all ended when the app closes. */
function createStreamRegistry(): { serve(stream: OpenStream): void; endAll(): void } {
  const open = new Map<string, Set<ServerResponse>>();
  const streams = new Set<() => void>();
  const serve = ({ raw, userId, hub, start, resumed, heartbeatSeconds }: OpenStream): void => {
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    raw.write('retry: 2000\n\n');
    // A fresh stream starts at the newest event; its id makes the browser resume from there after a reconnect.
    raw.write(
      formatSseFrame({
        event: 'ready',
        ...(resumed ? {} : { id: String(start) }),
        data: JSON.stringify({ userId, resumedFrom: resumed ? start : null }),
      }),
    );
    const mine = open.get(userId) ?? new Set<ServerResponse>();
    open.set(userId, mine);
    mine.add(raw);
    if (mine.size > MAX_STREAMS_PER_USER) [...mine][0]?.end();
    const send = (text: string): void => {
      if (!raw.writableEnded && !raw.destroyed) raw.write(text);
    };
    const subscription = hub.subscribe(userId, start, (event) => {
      send(formatSseFrame({ id: String(event.seq), event: event.kind, data: JSON.stringify(event.payload) }));
    });
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

function registerPopupStream(app: ZodApp, deps: AppDeps): void {
  const popupStreams = createPopupStreams(deps, (error) => {
    app.log.warn({ err: error }, 'caller-ID pop-up listener');
  });
  const registry = createStreamRegistry();
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => {
    registry.endAll();
    await popupStreams.stop();
  });

  route(
    app,
    'GET',
    '/api/callerid/stream',
    anyUser,
    {
      tags,
      summary:
        'Live pop-ups (text/event-stream): event `call` per call state, `ready` first; resume with Last-Event-ID',
      querystring: popupStreamQuery,
    },
    async (request, reply) => {
      const user = currentUser(request);
      if (!(request.headers.accept ?? '').includes('text/event-stream')) {
        throw new ApiError('not_acceptable', 'send Accept: text/event-stream (use EventSource)');
      }
      const resumeText = resumeTextOf(request, request.query.lastEventId);
      const opened = unwrap(await popupStreams.open(user.id, resumeText === null ? null : Number(resumeText)));
      reply.hijack();
      registry.serve({
        raw: reply.raw,
        userId: user.id,
        ...opened,
        resumed: resumeText !== null,
        heartbeatSeconds: request.query.heartbeatSeconds,
      });
    },
  );
}

function registerCallLogRoutes(app: ZodApp, deps: AppDeps): void {
  for (const mine of [false, true]) {
    route(
      app,
      'GET',
      mine ? '/api/callerid/calls/mine' : '/api/callerid/calls',
      mine ? anyUser : adminOnly,
      {
        tags,
        summary: mine
          ? 'My call log: calls that popped up for me, with what I saw'
          : 'Call log of the portal with match results, newest first',
        querystring: callLogQuery,
        response: { 200: callsSchema },
      },
      async (request) => ({
        calls: await listCallLog(deps.db, { user: currentUser(request), mine, page: request.query }),
      }),
    );
  }
}

/** The screen-pop page's lookup and the addresses Teams and CTI clients open (the web page itself is /pop). */
function registerScreenPopRoutes(app: ZodApp, deps: AppDeps): void {
  route(
    app,
    'GET',
    '/api/callerid/screen-pop',
    anyUser,
    {
      tags,
      summary: "A number's matches in my assigned sources (administrators: all), as the screen-pop page shows them",
      querystring: lookupQuery,
      response: { 200: screenPopSchema },
    },
    async (request) => screenPopForUser(deps.db, currentUser(request), request.query.number),
  );
  route(
    app,
    'GET',
    '/api/callerid/screen-pop/addresses',
    anyUser,
    {
      tags,
      summary: 'The screen-pop addresses to configure in Teams and CTI clients',
      response: { 200: screenPopAddressesSchema },
    },
    (request) => {
      const page = `${publicBaseUrl(deps, request)}/pop?number=`;
      return Promise.resolve({ teams: `${page}{phone}`, template: `${page}{number}` });
    },
  );
}

export function registerCallerIdCallsRoutes(app: ZodApp, deps: AppDeps): void {
  registerPopupStream(app, deps);
  registerCallLogRoutes(app, deps);
  registerScreenPopRoutes(app, deps);
  route(
    app,
    'GET',
    '/api/callerid/lookup',
    anyUser,
    {
      tags,
      summary: 'Look a number up in the phone index (my assigned sources; administrators: all sources)',
      querystring: lookupQuery,
      response: { 200: lookupSchema },
    },
    async (request) => ({ view: await lookupForUser(deps.db, currentUser(request), request.query.number) }),
  );
}
