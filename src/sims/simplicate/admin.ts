/** The simulator's `/__sim/` admin API: seed, API keys, webhooks, and reading/editing records as a user would. */
import { z } from 'zod';

import { rights } from './auth.js';
import { fieldErrors, linkKeyOf, linkPatchSchema, otherKindOf, saveLinks, splitBody, writeSchemaOf } from './writes.js';

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Right } from './auth.js';
import type { JsonObject } from './records.js';
import type { SimplicateSim } from './server.js';
import type { WritableKind } from './writes.js';

const json = z.custom<JsonObject>((v) => typeof v === 'object' && v !== null && !Array.isArray(v));
const storedRecord = z.looseObject({ id: z.string(), created_at: z.string(), updated_at: z.string() });
const link = z.object({
  id: z.string(),
  organization_id: z.string(),
  person_id: z.string(),
  is_active: z.boolean(),
  work_function: z.string().nullable(),
  work_email: z.string().nullable(),
  work_phone: z.string().nullable(),
  work_mobile: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
});

export const snapshotSchema = z.object({
  version: z.literal(1),
  state: z.object({
    orgs: z.array(storedRecord.and(json)),
    persons: z.array(storedRecord.and(json)),
    links: z.array(link),
    nextRelationNumber: z.number().int(),
  }),
  keys: z.array(
    z.object({
      key: z.string(),
      secret: z.string(),
      rights: z.array(z.enum(rights)),
      host: z.string().nullable(),
      expiresAt: z.string().nullable(),
    }),
  ),
});

const seedBody = z.object({ seed: z.int(), orgs: z.int().min(0).max(200_000) });
const keyBody = z.object({
  key: z.string().min(1),
  secret: z.string().min(1),
  /** `write` is shorthand for create + update + delete. */
  rights: z.array(z.enum([...rights, 'write'])).default(['read', 'write']),
  host: z.string().min(1).nullable().default(null),
  expiresAt: z.iso.datetime().nullable().default(null),
});
const webhookBody = z.object({
  url: z.url(),
  /** e.g. `organization.updated`; `*` or absent = every event. */
  events: z.array(z.string().min(1)).nullable().default(null),
  secret: z.string().min(8).optional(),
});

const bad = (reply: FastifyReply, error: z.ZodError): FastifyReply =>
  reply.code(400).send({ error: 'invalid body', issues: fieldErrors(error) });

export function registerAdminRoutes(app: FastifyInstance, sim: SimplicateSim, changed: () => void): void {
  registerStateRoutes(app, sim);
  registerKeyRoutes(app, sim, changed);
  registerWebhookRoutes(app, sim);
  // Records, read and edited as a user in the Simplicate UI would (edits bump updated_at and fire webhooks).
  for (const [kind, plural] of [
    ['organization', 'organizations'],
    ['person', 'persons'],
  ] as const) {
    registerRecordRoutes(app, sim, kind, plural);
  }
  registerContactPersonRoutes(app, sim);
}

function registerStateRoutes(app: FastifyInstance, sim: SimplicateSim): void {
  const { state } = sim;
  app.get('/__sim/state', () => ({
    domain: sim.options.domain,
    organizations: state.count('organization'),
    persons: state.count('person'),
    contactpersons: state.count('contactperson'),
    version: state.version,
  }));

  app.post('/__sim/seed', (request, reply) => {
    const parsed = seedBody.safeParse(request.body);
    if (!parsed.success) return bad(reply, parsed.error);
    sim.seed(parsed.data.seed, parsed.data.orgs);
    sim.limiter.reset();
    return { organizations: state.count('organization'), persons: state.count('person') };
  });
}

function registerKeyRoutes(app: FastifyInstance, { keys }: SimplicateSim, changed: () => void): void {
  app.post('/__sim/keys', (request, reply) => {
    const parsed = keyBody.safeParse(request.body);
    if (!parsed.success) return bad(reply, parsed.error);
    const { key, secret, host, expiresAt } = parsed.data;
    const set = new Set<Right>(
      parsed.data.rights.flatMap((r): Right[] => (r === 'write' ? ['create', 'update', 'delete'] : [r])),
    );
    keys.add({ key, secret, rights: set, host, expiresAtMs: expiresAt === null ? null : Date.parse(expiresAt) });
    changed();
    return reply.code(201).send({ key, rights: [...set], host, expiresAt });
  });
  app.get('/__sim/keys', () => ({ keys: keys.list() }));
  app.delete<{ Params: { key: string } }>('/__sim/keys/:key', (request, reply) => {
    if (!keys.remove(request.params.key)) return reply.code(404).send({ error: 'no such key' });
    changed();
    return { deleted: request.params.key };
  });
}

function registerWebhookRoutes(app: FastifyInstance, { webhooks }: SimplicateSim): void {
  app.post('/__sim/webhooks', (request, reply) => {
    const parsed = webhookBody.safeParse(request.body);
    if (!parsed.success) return bad(reply, parsed.error);
    const sub = webhooks.add(parsed.data.url, parsed.data.events, parsed.data.secret);
    return reply.code(201).send(sub);
  });
  app.get('/__sim/webhooks', () => ({ webhooks: webhooks.list() }));
  app.get('/__sim/webhooks/deliveries', () => ({ deliveries: webhooks.deliveries }));
  app.delete<{ Params: { id: string } }>('/__sim/webhooks/:id', (request, reply) => {
    if (!webhooks.remove(request.params.id)) return reply.code(404).send({ error: 'no such webhook' });
    return { deleted: request.params.id };
  });
}

/** Creates (`post`) or edits (`patch`) a record as a user would; every link field is accepted. */
function writeRecord(
  { state }: SimplicateSim,
  kind: WritableKind,
  mode: 'post' | 'patch',
  request: { body: unknown; params: { id?: string } },
  reply: FastifyReply,
) {
  const parsed = writeSchemaOf(kind, mode === 'post' ? 'post' : 'put').safeParse(request.body ?? {});
  if (!parsed.success) return bad(reply, parsed.error);
  const linkKey = linkKeyOf(kind);
  const { fields, links } = splitBody(parsed.data, linkKey, true);
  const other = otherKindOf(kind);
  if ((links ?? []).some((l) => state.render(other, l.otherId) === undefined))
    return reply.code(400).send({ error: `unknown ${other} in ${linkKey}` });
  const rec = mode === 'post' ? state.create(kind, fields) : state.update(kind, request.params.id ?? '', fields);
  if (rec === undefined) return reply.code(404).send({ error: `${kind} not found` });
  saveLinks(state, kind, rec.id, links);
  return reply.code(mode === 'post' ? 201 : 200).send(state.render(kind, rec.id));
}

function registerRecordRoutes(
  app: FastifyInstance,
  sim: SimplicateSim,
  kind: WritableKind,
  plural: 'organizations' | 'persons',
): void {
  const { state } = sim;
  app.get<{ Querystring: { offset?: string; limit?: string } }>(`/__sim/${plural}`, (request) => {
    const offset = Number(request.query.offset ?? 0) || 0;
    const limit = Math.min(Number(request.query.limit ?? 50) || 50, 1000);
    return {
      total: state.count(kind),
      items: state
        .ids(kind)
        .slice(offset, offset + limit)
        .map((id) => state.render(kind, id)),
    };
  });
  app.get<{ Params: { id: string } }>(`/__sim/${plural}/:id`, (request, reply) => {
    const rec = state.render(kind, request.params.id);
    return rec ?? reply.code(404).send({ error: `${kind} not found` });
  });
  app.post(`/__sim/${plural}`, (request, reply) =>
    writeRecord(sim, kind, 'post', { body: request.body, params: {} }, reply),
  );
  app.patch<{ Params: { id: string } }>(`/__sim/${plural}/:id`, (request, reply) =>
    writeRecord(sim, kind, 'patch', request, reply),
  );
  app.delete<{ Params: { id: string } }>(`/__sim/${plural}/:id`, (request, reply) =>
    state.remove(kind, request.params.id)
      ? { deleted: request.params.id }
      : reply.code(404).send({ error: `${kind} not found` }),
  );
}

function registerContactPersonRoutes(app: FastifyInstance, { state }: SimplicateSim): void {
  app.get<{ Params: { id: string } }>('/__sim/contactpersons/:id', (request, reply) => {
    const rec = state.render('contactperson', request.params.id);
    return rec ?? reply.code(404).send({ error: 'contactperson not found' });
  });
  app.patch<{ Params: { id: string } }>('/__sim/contactpersons/:id', (request, reply) => {
    const existing = state.getLink(request.params.id);
    if (existing === undefined) return reply.code(404).send({ error: 'contactperson not found' });
    const parsed = linkPatchSchema.safeParse(request.body ?? {});
    if (!parsed.success) return bad(reply, parsed.error);
    const { id: _id, ...input } = parsed.data;
    state.upsertLink(existing.organization_id, existing.person_id, { ...input, id: existing.id });
    return state.render('contactperson', existing.id);
  });
  app.delete<{ Params: { id: string } }>('/__sim/contactpersons/:id', (request, reply) =>
    state.remove('contactperson', request.params.id)
      ? { deleted: request.params.id }
      : reply.code(404).send({ error: 'contactperson not found' }),
  );
}
