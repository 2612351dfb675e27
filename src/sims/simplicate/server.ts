/** Builds the Simplicate v2 simulator (Fastify): `/api/v2/crm/...` per docs/external-systems/simplicate.md, plus the `/__sim/` admin API. */
import Fastify from 'fastify';

import { registerFaultInjection } from '../shared/faults.js';
import { createSnapshotWriter, loadSnapshot } from '../shared/snapshot.js';
import { registerAdminRoutes, snapshotSchema } from './admin.js';
import { KeyStore, RateLimiter } from './auth.js';
import { envelope, errorEnvelope, sendError } from './envelope.js';
import { compareSortValues, conditionHolds, leaves, parseListQuery, project, sortKey } from './query.js';
import { applyEmptyFields } from './records.js';
import { seedState } from './seed.js';
import { SimplicateState } from './state.js';
import { createTimestampFormatter } from './time.js';
import { WebhookEmitter } from './webhooks.js';
import {
  fieldErrors,
  linkKeyOf,
  otherKindOf,
  postMergerSchema,
  saveLinks,
  splitBody,
  writeSchemaOf,
} from './writes.js';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FaultController } from '../shared/faults.js';
import type { Right } from './auth.js';
import type { SimplicateOptions } from './options.js';
import type { Condition, ListQuery } from './query.js';
import type { EntityKind, Json } from './records.js';
import type { Clock } from './time.js';
import type { WritableKind } from './writes.js';

export type SimplicateServerDeps = {
  options: SimplicateOptions;
  /** Injectable clock so updated_at, key expiry and the rate limiter are deterministic in tests. */
  clock?: Clock;
  /** Randomness for fault rates. */
  random?: () => number;
  /** Waits between webhook retries. */
  sleep?: (ms: number) => Promise<void>;
  snapshotPath?: string;
  /** Data to generate when no snapshot was loaded. */
  initial?: { seed: number; orgs: number };
};

export type SimplicateSim = {
  app: FastifyInstance;
  state: SimplicateState;
  keys: KeyStore;
  limiter: RateLimiter;
  webhooks: WebhookEmitter;
  faults: FaultController;
  options: SimplicateOptions;
  /** Replaces all data with `orgs` generated organizations. */
  seed(seed: number, orgs: number): void;
  /** Formats a Date as a Simplicate timestamp in the simulator's time zone. */
  timestamp(date: Date): string;
};

const API = '/api/v2';
type IdRequest = FastifyRequest<{ Params: { id?: string } }>;
const LIST_CACHE_SIZE = 16;

const allRights = (): Set<Right> => new Set(['read', 'create', 'update', 'delete']);

/** Clients send Content-Type: application/json on every call, DELETE included; an empty body is not an error. */
function acceptEmptyJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    try {
      done(null, JSON.parse(text) as unknown);
    } catch (err) {
      done(
        Object.assign(new Error(`Invalid JSON body: ${err instanceof Error ? err.message : String(err)}`), {
          statusCode: 400,
        }),
        undefined,
      );
    }
  });
}

function registerSimplicateFaults(app: FastifyInstance, random: (() => number) | undefined): FaultController {
  return registerFaultInjection(app, {
    errorBody: (status, message) => ({
      contentType: 'application/json',
      body: JSON.stringify(errorEnvelope(status, [message])),
    }),
    malformedBody: {
      contentType: 'application/json',
      body: JSON.stringify(
        envelope([{ id: 'organization:00000000000000000000000000000000', name: 'Afgebroken B.V.' }], { count: 1 }),
      ),
    },
    ...(random === undefined ? {} : { random }),
  });
}

/** Loads a saved snapshot into `state` and `keys`; false when there is none yet. */
async function loadSnapshotInto(path: string, state: SimplicateState, keys: KeyStore): Promise<boolean> {
  const raw = await loadSnapshot(path);
  if (raw === null) return false;
  const parsed = snapshotSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`snapshot ${path} has an unexpected shape: ${parsed.error.message}`);
  state.loadSnapshot(parsed.data.state);
  for (const k of parsed.data.keys) {
    keys.add({
      key: k.key,
      secret: k.secret,
      rights: new Set(k.rights),
      host: k.host,
      expiresAtMs: k.expiresAt === null ? null : Date.parse(k.expiresAt),
    });
  }
  return true;
}

export async function buildSimplicateServer(deps: SimplicateServerDeps): Promise<SimplicateSim> {
  const { options } = deps;
  const clock = deps.clock ?? ((): Date => new Date());
  const format = createTimestampFormatter(options.timeZone);
  const state = new SimplicateState(() => format(clock().getTime()), options);
  const keys = new KeyStore();
  const limiter = new RateLimiter(options.rateLimitPerMinute);
  const webhooks = new WebhookEmitter(options, () => clock().toISOString(), deps.sleep);
  if (options.apiKey !== undefined && options.apiSecret !== undefined) {
    keys.add({ key: options.apiKey, secret: options.apiSecret, rights: allRights(), host: null, expiresAtMs: null });
  }

  const app = Fastify({
    forceCloseConnections: true,
    routerOptions: { ignoreTrailingSlash: true },
    bodyLimit: 5 * 1024 * 1024,
  });
  acceptEmptyJsonBodies(app);
  const faults = registerSimplicateFaults(app, deps.random);

  const snapshot = createSnapshotWriter(deps.snapshotPath, () => ({
    version: 1,
    state: state.toSnapshot(),
    keys: keys.exportAll(),
  }));
  state.onChange((change) => {
    webhooks.emit(change);
    snapshot.schedule();
  });

  const sim: SimplicateSim = {
    app,
    state,
    keys,
    limiter,
    webhooks,
    faults,
    options,
    seed(seed, orgs) {
      seedState(state, seed, orgs, clock().getTime(), format);
      snapshot.schedule();
    },
    timestamp: (date) => format(date.getTime()),
  };

  const loaded = deps.snapshotPath !== undefined && (await loadSnapshotInto(deps.snapshotPath, state, keys));
  if (!loaded && deps.initial !== undefined) sim.seed(deps.initial.seed, deps.initial.orgs);

  app.addHook('onClose', async () => {
    await snapshot.flush();
  });

  registerAdminRoutes(app, sim, () => {
    snapshot.schedule();
  });
  registerApi(app, sim, clock);
  return sim;
}

function neededRight(method: string, path: string): Right {
  if (method === 'GET' || method === 'HEAD') return 'read';
  if (method === 'PUT' || path.includes('/crm/merge')) return 'update';
  if (method === 'DELETE') return 'delete';
  return 'create';
}

/** Key/secret and rate limit on every `/api/v2/` call; Simplicate's error envelope for unknown routes and errors. */
function registerAccessChecks(app: FastifyInstance, { keys, limiter, options }: SimplicateSim, clock: Clock): void {
  app.addHook('onRequest', async (request, reply) => {
    const path = request.url.split('?', 1)[0] ?? '';
    if (!path.startsWith(`${API}/`)) return;
    const nowMs = clock().getTime();
    const auth = keys.check(
      header(request, 'authentication-key'),
      header(request, 'authentication-secret'),
      request.hostname,
      neededRight(request.method, path),
      nowMs,
      options.noRightStatus,
    );
    if (!auth.ok) return sendError(reply, auth.status, auth.message);
    const rate = limiter.hit(auth.key.key, nowMs);
    if (!rate.ok) {
      if (options.rateLimitRetryAfter) reply.header('retry-after', String(rate.retryAfterSeconds));
      return sendError(reply, 429, 'Rate limit exceeded, please slow down');
    }
    return undefined;
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 404, `No route for ${request.method} ${request.url.split('?', 1)[0] ?? ''}`),
  );
  app.setErrorHandler((error: { statusCode?: number; message: string }, _request, reply) => {
    const status =
      error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    return sendError(reply, status, status === 500 ? 'Internal server error' : error.message);
  });
}

type RecordReader = {
  /** One record as the API shows it (empty fields per the options, `select` applied); null when absent. */
  present(kind: EntityKind, id: string, select: ListQuery['select']): Json;
  /** The ids a list query matches, in its order (cached per state version). */
  matchingIds(kind: EntityKind, q: ListQuery): readonly string[];
};

function createRecordReader(state: SimplicateState, options: SimplicateOptions): RecordReader {
  const cache = new Map<string, { version: number; ids: readonly string[] }>();

  const holds = (kind: EntityKind, id: string, cond: Condition): boolean =>
    conditionHolds(
      cond,
      leaves(state.field(kind, id, cond.path[0] ?? ''), cond.path, 1),
      options.caseInsensitiveFilters,
    );

  const sorted = (kind: EntityKind, q: ListQuery, ids: string[]): string[] => {
    const keyed = ids.map((id) => ({
      id,
      keys: q.sort.map((s) => sortKey(leaves(state.field(kind, id, s.path[0] ?? ''), s.path, 1))),
    }));
    keyed.sort((a, b) => {
      for (let i = 0; i < q.sort.length; i++) {
        const c = compareSortValues(a.keys[i] ?? null, b.keys[i] ?? null, q.sort[i]?.desc ?? false);
        if (c !== 0) return c;
      }
      return 0;
    });
    return keyed.map((k) => k.id);
  };

  return {
    present(kind, id, select) {
      const rendered = state.render(kind, id);
      if (rendered === undefined) return null;
      const shaped = applyEmptyFields(rendered, options.emptyFields) as Record<string, Json>;
      return select === null ? shaped : project(shaped, select);
    },
    matchingIds(kind, q) {
      const all = state.ids(kind);
      // Default order and no filter: page straight from the ordered index.
      if (q.and.length === 0 && q.or.length === 0 && q.sort.length === 0) return all;
      const cacheKey = JSON.stringify([kind, q.and, q.or, q.sort]);
      const hit = cache.get(cacheKey);
      if (hit !== undefined && hit.version === state.version) return hit.ids;
      let ids = (idCandidates(state, kind, q) ?? all).filter((id) => {
        const andOk = q.and.length > 0 ? q.and.every((c) => holds(kind, id, c)) : q.or.length === 0;
        return andOk || q.or.some((c) => holds(kind, id, c));
      });
      if (q.sort.length > 0) ids = sorted(kind, q, ids);
      if (cache.size >= LIST_CACHE_SIZE) cache.delete(cache.keys().next().value ?? '');
      cache.set(cacheKey, { version: state.version, ids });
      return ids;
    },
  };
}

/**
 * `q[id][]=…` (how clients fetch linked records): the records come from the id index, in default order, instead of
 * testing every record; the conditions are still checked on them. Ids are stored lowercase, so a case-insensitive
 * match is a lookup of the lowercased value.
 */
function idCandidates(state: SimplicateState, kind: EntityKind, q: ListQuery): string[] | null {
  const cond = q.or.length > 0 ? undefined : q.and.find((c) => c.kind === 'match' && c.path.join('.') === 'id');
  if (cond?.kind !== 'match' || cond.values.some((v) => v.includes('*') || v === 'null')) return null;
  const found = new Set<string>();
  for (const value of cond.values) {
    for (const id of [value, value.toLowerCase()]) if (state.position(kind, id) >= 0) found.add(id);
  }
  return [...found].sort((a, b) => state.position(kind, a) - state.position(kind, b));
}

type Handler = (request: IdRequest, reply: FastifyReply) => unknown;

function listHandler({ state, options }: SimplicateSim, reader: RecordReader, kind: EntityKind): Handler {
  return (request, reply) => {
    const parsed = parseListQuery(new URL(request.url, 'http://sim').searchParams, options);
    if (!parsed.ok) return sendError(reply, 400, parsed.message);
    const q = parsed.query;
    const ids = reader.matchingIds(kind, q);
    const data = ids.slice(q.offset, q.offset + q.limit).map((id) => reader.present(kind, id, q.select));
    const meta: Record<string, Json> = {};
    if (q.metadata.has('count')) meta['count'] = ids.length;
    if (q.metadata.has('total_count')) meta['total_count'] = state.count(kind);
    if (q.metadata.has('offset')) meta['offset'] = q.offset;
    if (q.metadata.has('limit')) meta['limit'] = q.limit;
    if (q.metadata.has('upper_limit')) meta['upper_limit'] = options.maxLimit;
    // [C] docs/external-systems/simplicate.md#envelope-and-paging: metadata is opt-in; without `metadata=` the key is left out.
    return envelope(data, q.metadata.size > 0 ? meta : undefined);
  };
}

function getOneHandler(reader: RecordReader, kind: EntityKind): Handler {
  return (request, reply) => {
    const data = reader.present(kind, request.params.id ?? '', selectOf(request));
    if (data === null) return sendError(reply, 404, `${kind} ${request.params.id ?? ''} not found`);
    return envelope(data);
  };
}

function removeHandler(state: SimplicateState, kind: EntityKind): Handler {
  return (request, reply) => {
    if (!state.remove(kind, request.params.id ?? ''))
      return sendError(reply, 404, `${kind} ${request.params.id ?? ''} not found`);
    return envelope(null);
  };
}

function writeHandler({ state, options }: SimplicateSim, kind: WritableKind, mode: 'post' | 'put'): Handler {
  return (request, reply) => {
    const parsed = writeSchemaOf(kind, mode).safeParse(request.body ?? {});
    if (!parsed.success)
      return sendError(reply, 400, ...fieldErrors(parsed.error).map((e) => `${e.field}: ${e.message}`));
    const id = request.params.id;
    if (mode === 'put' && (id === undefined || state.render(kind, id) === undefined)) {
      return sendError(reply, 404, `${kind} ${id ?? ''} not found`);
    }
    const linkKey = linkKeyOf(kind);
    const { fields, links } = splitBody(parsed.data, linkKey, options.acceptWorkPhoneOnWrite);
    const other = otherKindOf(kind);
    const unknown = (links ?? [])
      .map((l, i) => ({ l, i }))
      .filter(({ l }) => state.render(other, l.otherId) === undefined)
      .map(({ l, i }) => `${linkKey}.${String(i)}.${other}_id: unknown ${other} ${l.otherId}`);
    if (unknown.length > 0) return sendError(reply, 400, ...unknown);
    const rec = mode === 'post' ? state.create(kind, fields) : state.update(kind, id ?? '', fields);
    if (rec === undefined) return sendError(reply, 404, `${kind} ${id ?? ''} not found`);
    saveLinks(state, kind, rec.id, links);
    // [C] docs/external-systems/simplicate.md#errors-and-rate-limit: POST answers 200 with the new id in data.
    return envelope({ id: rec.id });
  };
}

function mergeHandler(state: SimplicateState): Handler {
  return (request, reply) => {
    const parsed = postMergerSchema.safeParse(request.body ?? {});
    if (!parsed.success)
      return sendError(reply, 400, ...fieldErrors(parsed.error).map((e) => `${e.field}: ${e.message}`));
    const { source_id: source, target_id: target } = parsed.data;
    if (source === target) return sendError(reply, 400, 'source_id and target_id must differ');
    for (const id of [source, target]) {
      if (state.getOrg(id) === undefined) return sendError(reply, 404, `organization ${id} not found`);
    }
    state.mergeOrgs(source, target);
    // Swagger's ResultMergerMerge is `{success, message}` (not a RestResult envelope).
    return { success: true, message: `Merged ${source} into ${target}` };
  };
}

function registerApi(app: FastifyInstance, sim: SimplicateSim, clock: Clock): void {
  const { state } = sim;
  registerAccessChecks(app, sim, clock);
  const reader = createRecordReader(state, sim.options);

  /** Registers a route on both the bare path and the old `.json` variant (docs/external-systems/simplicate.md#authentication). */
  const route = (method: 'GET' | 'POST' | 'PUT' | 'DELETE', path: string, handler: Handler): void => {
    app.route<{ Params: { id?: string } }>({ method, url: `${API}${path}`, handler });
    const json = path.endsWith('/:id') ? `${API}${path.slice(0, -4)}/:id.json` : `${API}${path}.json`;
    app.route<{ Params: { id?: string } }>({ method, url: json, handler });
  };

  for (const kind of ['organization', 'person'] as const) {
    route('GET', `/crm/${kind}`, listHandler(sim, reader, kind));
    route('POST', `/crm/${kind}`, writeHandler(sim, kind, 'post'));
    route('GET', `/crm/${kind}/:id`, getOneHandler(reader, kind));
    route('PUT', `/crm/${kind}/:id`, writeHandler(sim, kind, 'put'));
    route('DELETE', `/crm/${kind}/:id`, removeHandler(state, kind));
  }
  route('GET', '/crm/contactperson', listHandler(sim, reader, 'contactperson'));
  route('GET', '/crm/contactperson/:id', getOneHandler(reader, 'contactperson'));
  route('DELETE', '/crm/contactperson/:id', removeHandler(state, 'contactperson'));
  route('POST', '/crm/mergeorganization', mergeHandler(state));
}

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function selectOf(request: FastifyRequest): ListQuery['select'] {
  const select = new URL(request.url, 'http://sim').searchParams.get('select');
  return select === null
    ? null
    : select
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map((s) => (s.endsWith('.') ? s.slice(0, -1) : s).split('.'));
}
