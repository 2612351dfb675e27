/** Caller ID for users: the live pop-up stream (SSE), the call logs, and a number lookup. */
import { z } from 'zod';

import { assignedConnectionIds } from '../../../adapters/db/repos/callerid-assignments.repo.js';
import { latestUserSeq } from '../../../adapters/db/repos/callerid-events.repo.js';
import { listCalls } from '../../../adapters/db/repos/calls.repo.js';
import { formatSseFrame } from '../../../adapters/push/sse-hub.js';
import { lookupCaller } from '../../use-cases/callerid/lookup.js';
import { createPopupHub } from '../../use-cases/callerid/popup-hub.js';
import { adminOnly, anyUser, currentUser } from '../plugins/auth.js';
import { ApiError } from '../problem.js';

import type { ServerResponse } from 'node:http';
import type { PushHub } from '../../../adapters/push/sse-hub.js';
import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

/** Streams one user may hold open on one instance (tabs); the oldest is closed beyond this. */
const MAX_STREAMS_PER_USER = 10;

const callSchema = z.object({
  id: z.uuid(),
  callId: z.string(),
  channel: z.string(),
  direction: z.enum(['in', 'out']),
  state: z.enum(['ringing', 'answered', 'ended']),
  number: z.string(),
  numberE164: z.string().nullable(),
  callee: z.string(),
  extension: z.string().nullable(),
  result: z.string(),
  ambiguous: z.boolean(),
  bestKind: z.string().nullable(),
  matchCount: z.number().int(),
  bestName: z.string().nullable(),
  bestCompany: z.string().nullable(),
  bestSource: z.string().nullable(),
  matches: z.unknown().describe('Portal log only: every matched company with its records'),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  endedAt: z.string().nullable(),
  recipients: z.array(z.object({ userId: z.uuid(), name: z.string() })),
});
const logQuery = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  before: z.iso.datetime({ offset: true }).optional().describe('Page: calls that started before this instant'),
});

/** The page of the log a query asks for. */
function pageOf(query: z.infer<typeof logQuery>): { limit: number; before?: Date } {
  return { limit: query.limit, ...(query.before === undefined ? {} : { before: new Date(query.before) }) };
}

type LogEntry = Awaited<ReturnType<typeof listCalls>>[number];

function toCall(entry: LogEntry): z.infer<typeof callSchema> {
  return {
    id: entry.id,
    callId: entry.callId,
    channel: entry.source,
    direction: entry.direction,
    state: entry.state,
    number: entry.number,
    numberE164: entry.numberE164,
    callee: entry.callee,
    extension: entry.extension,
    result: entry.result,
    ambiguous: entry.ambiguous,
    bestKind: entry.bestKind,
    matchCount: entry.matchCount,
    bestName: entry.bestName,
    bestCompany: entry.bestCompany,
    bestSource: entry.bestSource,
    matches: entry.matches,
    startedAt: entry.startedAt.toISOString(),
    answeredAt: entry.answeredAt?.toISOString() ?? null,
    endedAt: entry.endedAt?.toISOString() ?? null,
    recipients: [...entry.recipients],
  };
}

export function registerCallerIdCallsRoutes(app: ZodApp, deps: AppDeps): void {
  // Processes without a hub of their own (tests that build only the app) listen lazily when DATABASE_URL is known.
  let ownHub: PushHub | null = null;
  const hubFor = async (): Promise<PushHub | null> => {
    if (deps.popupHub !== undefined) return deps.popupHub;
    if (ownHub === null && deps.config.databaseUrl !== null) {
      ownHub = createPopupHub(deps.config.databaseUrl, deps.db, (error) => {
        app.log.warn({ err: error }, 'caller-ID pop-up listener');
      });
      await ownHub.start();
    }
    return ownHub;
  };
  const open = new Map<string, Set<ServerResponse>>();
  const streams = new Set<() => void>();
  // Open streams would keep the server from closing: end them first.
  app.addHook('preClose', async () => {
    for (const end of [...streams]) end();
    await ownHub?.stop();
  });

  app.get(
    '/api/callerid/stream',
    {
      config: { access: anyUser },
      schema: {
        tags: ['caller ID'],
        summary:
          'Live pop-ups (text/event-stream): event `call` per call state, `ready` first; resume with Last-Event-ID',
        querystring: z.object({
          lastEventId: z
            .string()
            .regex(/^\d{1,18}$/, 'must be a sequence number')
            .optional()
            .describe('Same as Last-Event-ID'),
          heartbeatSeconds: z.coerce.number().int().min(1).max(60).default(15),
        }),
      },
    },
    async (request, reply) => {
      const user = currentUser(request);
      if (!(request.headers.accept ?? '').includes('text/event-stream')) {
        throw new ApiError('not_acceptable', 'send Accept: text/event-stream (use EventSource)');
      }
      const header = request.headers['last-event-id'];
      const resumeText =
        (typeof header === 'string' && /^\d{1,18}$/.test(header.trim()) ? header.trim() : null) ??
        request.query.lastEventId ??
        null;
      const hub = await hubFor();
      if (hub === null) throw new ApiError('jobs_unavailable', 'this process serves no pop-up streams');
      const start = resumeText === null ? await latestUserSeq(deps.db, user.id) : Number(resumeText);

      reply.hijack();
      const raw = reply.raw;
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
          ...(resumeText === null ? { id: String(start) } : {}),
          data: JSON.stringify({ userId: user.id, resumedFrom: resumeText === null ? null : start }),
        }),
      );
      const mine = open.get(user.id) ?? new Set<ServerResponse>();
      open.set(user.id, mine);
      mine.add(raw);
      if (mine.size > MAX_STREAMS_PER_USER) [...mine][0]?.end();
      const send = (text: string): void => {
        if (!raw.writableEnded && !raw.destroyed) raw.write(text);
      };
      const subscription = hub.subscribe(user.id, start, (event) => {
        send(formatSseFrame({ id: String(event.seq), event: event.kind, data: JSON.stringify(event.payload) }));
      });
      const heartbeat = setInterval(() => {
        send(': heartbeat\n\n');
      }, request.query.heartbeatSeconds * 1000);
      const end = (): void => {
        clearInterval(heartbeat);
        subscription.close();
        mine.delete(raw);
        if (mine.size === 0) open.delete(user.id);
        streams.delete(end);
        if (!raw.writableEnded) raw.end();
      };
      streams.add(end);
      raw.on('close', end);
      raw.on('error', end);
    },
  );

  app.get(
    '/api/callerid/calls',
    {
      config: { access: adminOnly },
      schema: {
        tags: ['caller ID'],
        summary: 'Call log of the portal with match results, newest first',
        querystring: logQuery,
        response: { 200: z.object({ calls: z.array(callSchema) }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const calls = await listCalls(deps.db, { portalId: user.portalId, ...pageOf(request.query) });
      return { calls: calls.map(toCall) };
    },
  );

  app.get(
    '/api/callerid/calls/mine',
    {
      config: { access: anyUser },
      schema: {
        tags: ['caller ID'],
        summary: 'My call log: calls that popped up for me, with what I saw',
        querystring: logQuery,
        response: { 200: z.object({ calls: z.array(callSchema) }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const calls = await listCalls(deps.db, { portalId: user.portalId, userId: user.id, ...pageOf(request.query) });
      return { calls: calls.map(toCall) };
    },
  );

  app.get(
    '/api/callerid/lookup',
    {
      config: { access: anyUser },
      schema: {
        tags: ['caller ID'],
        summary: 'Look a number up in the phone index (my assigned sources; administrators: all sources)',
        querystring: z.object({ number: z.string().min(1, 'must not be empty').max(100) }),
        response: { 200: z.object({ view: z.unknown().describe('CallerView: caller, result, ambiguous, companies') }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const connectionIds = user.role === 'portal_admin' ? undefined : await assignedConnectionIds(deps.db, user.id);
      const view = await lookupCaller(deps.db, {
        portalId: user.portalId,
        raw: request.query.number,
        ...(connectionIds === undefined ? {} : { connectionIds }),
      });
      return { view };
    },
  );
}
