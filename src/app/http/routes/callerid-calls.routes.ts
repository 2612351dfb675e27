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
import { requireEventStream, streamsOfApp } from '../event-streams.js';
import { adminOnly, anyUser, currentUser } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { publicBaseUrl } from '../public-url.js';
import { routeGroup } from '../route.js';

import type { FastifyRequest } from 'fastify';
import type { AppDeps } from '../../deps.js';
import type { RouteGroup } from '../route.js';
import type { ZodApp } from '../zod-app.js';

/** The sequence to resume after: the Last-Event-ID header, else the `lastEventId` query parameter, else none. */
function resumeTextOf(request: FastifyRequest, queryValue: string | undefined): string | null {
  const header = request.headers['last-event-id'];
  return (typeof header === 'string' && /^\d{1,18}$/.test(header.trim()) ? header.trim() : null) ?? queryValue ?? null;
}

function registerPopupStream(app: ZodApp, signedIn: RouteGroup, deps: AppDeps): void {
  const popupStreams = createPopupStreams(deps, (error) => {
    app.log.warn({ err: error }, 'caller-ID pop-up listener');
  });
  const registry = streamsOfApp(app, () => popupStreams.stop());

  signedIn.get('/api/callerid/stream', {
    summary: 'Live pop-ups (text/event-stream): event `call` per call state, `ready` first; resume with Last-Event-ID',
    querystring: popupStreamQuery,
    handler: async (request, reply) => {
      const user = currentUser(request);
      requireEventStream(request);
      const resumeText = resumeTextOf(request, request.query.lastEventId);
      const { hub, start } = unwrap(await popupStreams.open(user.id, resumeText === null ? null : Number(resumeText)));
      const resumed = resumeText !== null;
      reply.hijack();
      registry.serve({
        raw: reply.raw,
        userId: user.id,
        heartbeatSeconds: request.query.heartbeatSeconds,
        // A fresh stream starts at the newest event; its id makes the browser resume from there after a reconnect.
        ready: formatSseFrame({
          event: 'ready',
          ...(resumed ? {} : { id: String(start) }),
          data: JSON.stringify({ userId: user.id, resumedFrom: resumed ? start : null }),
        }),
        subscribe: (send) =>
          hub.subscribe(user.id, start, (event) => {
            send(formatSseFrame({ id: String(event.seq), event: event.kind, data: JSON.stringify(event.payload) }));
          }),
      });
    },
  });
}

function registerCallLogRoutes(signedIn: RouteGroup, admins: RouteGroup, deps: AppDeps): void {
  for (const mine of [false, true]) {
    (mine ? signedIn : admins).get(mine ? '/api/callerid/calls/mine' : '/api/callerid/calls', {
      summary: mine
        ? 'My call log: calls that popped up for me, with what I saw'
        : 'Call log of the portal with match results, newest first',
      querystring: callLogQuery,
      response: { 200: callsSchema },
      handler: async (request) => ({
        calls: await listCallLog(deps.db, { user: currentUser(request), mine, page: request.query }),
      }),
    });
  }
}

/** The screen-pop page's lookup and the addresses Teams and CTI clients open (the web page itself is /pop). */
function registerScreenPopRoutes(signedIn: RouteGroup, deps: AppDeps): void {
  signedIn.get('/api/callerid/screen-pop', {
    summary: "A number's matches in my assigned sources (administrators: all), as the screen-pop page shows them",
    querystring: lookupQuery,
    response: { 200: screenPopSchema },
    handler: async (request) => screenPopForUser(deps.db, currentUser(request), request.query.number),
  });
  signedIn.get('/api/callerid/screen-pop/addresses', {
    summary: 'The screen-pop addresses to configure in Teams and CTI clients',
    response: { 200: screenPopAddressesSchema },
    handler: (request) => {
      const page = `${publicBaseUrl(deps, request)}/pop?number=`;
      return Promise.resolve({ teams: `${page}{phone}`, template: `${page}{number}` });
    },
  });
}

export function registerCallerIdCallsRoutes(app: ZodApp, deps: AppDeps): void {
  const signedIn = routeGroup(app, { tags: ['caller ID'], access: anyUser });
  registerPopupStream(app, signedIn, deps);
  registerCallLogRoutes(signedIn, routeGroup(app, { tags: ['caller ID'], access: adminOnly }), deps);
  registerScreenPopRoutes(signedIn, deps);
  signedIn.get('/api/callerid/lookup', {
    summary: 'Look a number up in the phone index (my assigned sources; administrators: all sources)',
    querystring: lookupQuery,
    response: { 200: lookupSchema },
    handler: async (request) => ({ view: await lookupForUser(deps.db, currentUser(request), request.query.number) }),
  });
}
