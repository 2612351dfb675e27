/** Admin API `/__sim/…`: apps, users/companies with their prerequisite states, grants/tokens, clock, records, seed. */
import { z } from 'zod';

import { upsertRecord } from './records.js';
import { seedAccountView } from './seed.js';
import { businessObjects, tableFor, toBusinessObject } from './tables.js';

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { AccountViewSimOptions } from './options.js';
import type { AccountViewState } from './state.js';
import type { Row } from './tables.js';

const appInput = z.strictObject({
  name: z.string().min(1).optional(),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
  redirectUris: z.array(z.url()).min(1),
});
const appPatch = z.strictObject({
  redirectUris: z.array(z.url()).min(1).optional(),
  clientSecret: z.string().min(1).optional(),
});

const userFields = {
  id: z.string().min(1).optional(),
  login: z.string().min(1),
  name: z.string().min(1).optional(),
  email: z.string().nullable().optional(),
  restrictedApps: z.array(z.string()).optional(),
  serverAccess: z.boolean().optional(),
  groups: z.array(z.string()).optional(),
  administrations: z.array(z.string()).optional(),
};
const userInput = z.strictObject(userFields);
const userPatch = z.strictObject({ ...userFields, id: z.never().optional(), login: z.string().min(1).optional() });

const companyFields = {
  id: z.string().min(1).optional(),
  code: z.string().min(1),
  description: z.string().min(1),
  users: z.array(z.string()).optional(),
  bookYears: z.array(z.int()).optional(),
  blocked: z.boolean().optional(),
};
const companyInput = z.strictObject(companyFields);
const companyPatch = z.strictObject({
  ...companyFields,
  id: z.never().optional(),
  code: z.string().min(1).optional(),
  description: z.string().min(1).optional(),
});

const seedInput = z.strictObject({
  seed: z.int(),
  orgs: z.int().min(0).max(1_000_000),
  companies: z.int().min(1).max(100).optional(),
  creditorShare: z.number().min(0).max(1).optional(),
  reset: z.boolean().default(true),
  app: z
    .strictObject({
      clientId: z.string().min(1).optional(),
      clientSecret: z.string().min(1).optional(),
      redirectUris: z.array(z.url()).min(1),
    })
    .optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown, reply: FastifyReply): T | null {
  const parsed = schema.safeParse(body ?? {});
  if (parsed.success) return parsed.data;
  void reply.code(400).send({
    error: 'invalid body',
    issues: parsed.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
  return null;
}

function notFound(reply: FastifyReply, what: string): FastifyReply {
  return reply.code(404).send({ error: `${what} not found` });
}

/** Drops undefined values so a patch only changes what it names (exactOptionalPropertyTypes-friendly). */
function defined<T extends object>(patch: T): Partial<T> {
  return Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function registerAdminRoutes(
  app: FastifyInstance,
  state: AccountViewState,
  options: AccountViewSimOptions,
): void {
  registerStateRoutes(app, state);
  registerAppRoutes(app, state);
  registerUserRoutes(app, state);
  registerCompanyRoutes(app, state);
  registerSessionRoutes(app, state, options);
  registerGrantRoutes(app, state);
  registerRecordRoutes(app, state, options);
}

function registerStateRoutes(app: FastifyInstance, state: AccountViewState): void {
  app.get('/__sim/state', () => ({
    now: state.now().toISOString(),
    sessionUserId: state.sessionUserId,
    apps: state.apps.size,
    users: state.users.size,
    companies: [...state.companies.values()].map((c) => ({
      id: c.id,
      code: c.code,
      contacts: state.tablesOf(c.id)?.contacts.size ?? 0,
      addresses: state.tablesOf(c.id)?.addresses.size ?? 0,
    })),
    grants: state.grants.size,
  }));

  app.post('/__sim/seed', (request, reply) => {
    const input = parse(seedInput, request.body, reply);
    if (input === null) return reply;
    if (input.reset) state.reset();
    const { reset: _reset, ...rest } = input;
    const result = seedAccountView(state, rest);
    return reply.code(201).send(result);
  });
}

/** PATCH of a stored item: 404 when it is not there, else the validated fields merged in (undefined ones left out). */
function patchRoute<P extends object>(
  app: FastifyInstance,
  state: AccountViewState,
  route: { path: string; param: string; what: string; schema: z.ZodType<P> },
  find: (id: string) => object | undefined,
): void {
  app.patch<{ Params: Record<string, string> }>(route.path, (request, reply) => {
    const item = find(request.params[route.param] ?? '');
    if (item === undefined) return notFound(reply, route.what);
    const patch = parse(route.schema, request.body, reply);
    if (patch === null) return reply;
    Object.assign(item, defined(patch));
    state.changed();
    return item;
  });
}

function registerAppRoutes(app: FastifyInstance, state: AccountViewState): void {
  app.post('/__sim/apps', (request, reply) => {
    const input = parse(appInput, request.body, reply);
    if (input === null) return reply;
    if (input.clientId !== undefined && state.apps.has(input.clientId)) {
      return reply.code(409).send({ error: `app ${input.clientId} already exists` });
    }
    return reply.code(201).send(state.addApp(input));
  });
  app.get('/__sim/apps', () => [...state.apps.values()]);
  patchRoute(app, state, { path: '/__sim/apps/:clientId', param: 'clientId', what: 'app', schema: appPatch }, (id) =>
    state.apps.get(id),
  );
  app.delete<{ Params: { clientId: string } }>('/__sim/apps/:clientId', (request, reply) => {
    if (!state.apps.delete(request.params.clientId)) return notFound(reply, 'app');
    state.changed();
    return reply.code(204).send();
  });
}

/** Create, list, read and patch routes for one kind of simulator entity (users, companies). */
function registerEntityRoutes<I, P extends object>(
  app: FastifyInstance,
  state: AccountViewState,
  entity: {
    path: string;
    what: string;
    input: z.ZodType<I>;
    patch: z.ZodType<P>;
    all: Map<string, object>;
    add: (input: I) => object;
  },
): void {
  app.post(entity.path, (request, reply) => {
    const input = parse(entity.input, request.body, reply);
    if (input === null) return reply;
    return reply.code(201).send(entity.add(input));
  });
  app.get(entity.path, () => [...entity.all.values()]);
  app.get<{ Params: { id: string } }>(`${entity.path}/:id`, (request, reply) => {
    return entity.all.get(request.params.id) ?? notFound(reply, entity.what);
  });
  patchRoute(app, state, { path: `${entity.path}/:id`, param: 'id', what: entity.what, schema: entity.patch }, (id) =>
    entity.all.get(id),
  );
}

function registerUserRoutes(app: FastifyInstance, state: AccountViewState): void {
  registerEntityRoutes(app, state, {
    path: '/__sim/users',
    what: 'user',
    input: userInput,
    patch: userPatch,
    all: state.users,
    add: (input) => state.addUser(input),
  });
}

function registerCompanyRoutes(app: FastifyInstance, state: AccountViewState): void {
  registerEntityRoutes(app, state, {
    path: '/__sim/companies',
    what: 'company',
    input: companyInput,
    patch: companyPatch,
    all: state.companies,
    add: (input) => state.addCompany(input),
  });
}

function registerSessionRoutes(app: FastifyInstance, state: AccountViewState, options: AccountViewSimOptions): void {
  app.put('/__sim/session', (request, reply) => {
    const input = parse(z.strictObject({ userId: z.string().nullable() }), request.body, reply);
    if (input === null) return reply;
    if (input.userId !== null && !state.users.has(input.userId)) return notFound(reply, 'user');
    state.sessionUserId = input.userId;
    return { sessionUserId: state.sessionUserId };
  });
  app.patch('/__sim/settings', (request, reply) => {
    const input = parse(z.strictObject({ autoConsent: z.boolean().nullable() }), request.body, reply);
    if (input === null) return reply;
    state.autoConsent = input.autoConsent;
    return { autoConsent: state.autoConsent ?? options.autoConsent };
  });
  app.post('/__sim/clock', (request, reply) => {
    const input = parse(
      z.strictObject({ advanceSeconds: z.number().optional(), offsetMs: z.int().optional() }),
      request.body,
      reply,
    );
    if (input === null) return reply;
    if (input.offsetMs !== undefined) state.clockOffsetMs = input.offsetMs;
    if (input.advanceSeconds !== undefined) state.clockOffsetMs += Math.round(input.advanceSeconds * 1000);
    return { now: state.now().toISOString(), offsetMs: state.clockOffsetMs };
  });
}

function registerGrantRoutes(app: FastifyInstance, state: AccountViewState): void {
  app.get('/__sim/grants', () => [...state.grants.values()]);
  app.post<{ Params: { id: string } }>('/__sim/grants/:id/revoke', (request, reply) => {
    if (!state.revokeGrant(request.params.id)) return notFound(reply, 'grant');
    return state.grants.get(request.params.id);
  });
  const expireBody = z.strictObject({ refresh: z.boolean().default(false) });
  app.post<{ Params: { id: string } }>('/__sim/grants/:id/expire', (request, reply) => {
    if (!state.grants.has(request.params.id)) return notFound(reply, 'grant');
    const input = parse(expireBody, request.body, reply);
    if (input === null) return reply;
    return { expired: state.expireTokens(request.params.id, input) };
  });
  app.post('/__sim/tokens/expire', (request, reply) => {
    const input = parse(expireBody, request.body, reply);
    if (input === null) return reply;
    return { expired: state.expireTokens(null, input) };
  });
}

type RecordParams = { id: string; bo: string; key?: string };

function registerRecordRoutes(app: FastifyInstance, state: AccountViewState, options: AccountViewSimOptions): void {
  const resolve = (params: RecordParams, reply: FastifyReply) => {
    const tables = state.tablesOf(params.id);
    if (tables === undefined) return notFound(reply, 'company');
    const bo = toBusinessObject(params.bo);
    if (bo === null) return reply.code(400).send({ error: `unknown business object ${params.bo}` });
    return { tables, bo, table: tableFor(tables, bo) };
  };
  const write = (params: RecordParams, body: unknown, reply: FastifyReply) => {
    const target = resolve(params, reply);
    if (!('bo' in target)) return target;
    if (typeof body !== 'object' || body === null || Array.isArray(body)) {
      return reply.code(400).send({ error: 'body must be an object of FIELD: value' });
    }
    const def = businessObjects[target.bo];
    const values = params.key === undefined ? body : { ...body, [def.key]: params.key };
    if (params.key !== undefined && target.table.get(params.key) === undefined) return notFound(reply, 'record');
    const result = upsertRecord(target.tables, target.bo, values as Record<string, unknown>, {
      now: state.now(),
      timeZone: options.timeZone,
      user: 'SIM',
    });
    if (!result.ok) return reply.code(400).send({ error: result.message });
    state.changed();
    return reply.code(result.value.created ? 201 : 200).send(result.value.row);
  };

  app.get<{ Params: RecordParams; Querystring: { lastKey?: string; limit?: string } }>(
    '/__sim/companies/:id/records/:bo',
    (request, reply) => {
      const target = resolve(request.params, reply);
      if (!('bo' in target)) return target;
      const limit = Math.min(Number(request.query.limit ?? '100') || 100, 10_000);
      const rows: Row[] = [];
      for (const row of target.table.scan(request.query.lastKey ?? null, businessObjects[target.bo].kind)) {
        rows.push(row);
        if (rows.length >= limit) break;
      }
      return { total: target.table.size, rows };
    },
  );
  app.get<{ Params: RecordParams }>('/__sim/companies/:id/records/:bo/:key', (request, reply) => {
    const target = resolve(request.params, reply);
    if (!('bo' in target)) return target;
    return target.table.get(request.params.key ?? '') ?? notFound(reply, 'record');
  });
  app.post<{ Params: RecordParams }>('/__sim/companies/:id/records/:bo', (request, reply) =>
    write(request.params, request.body, reply),
  );
  app.patch<{ Params: RecordParams }>('/__sim/companies/:id/records/:bo/:key', (request, reply) =>
    write(request.params, request.body, reply),
  );
  app.delete<{ Params: RecordParams }>('/__sim/companies/:id/records/:bo/:key', (request, reply) => {
    const target = resolve(request.params, reply);
    if (!('bo' in target)) return target;
    if (!target.table.delete(request.params.key ?? '')) return notFound(reply, 'record');
    state.changed();
    return reply.code(204).send();
  });
}
