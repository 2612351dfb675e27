/** The simulator's `/__sim/` admin API: seed, API keys, webhooks, and reading/editing records as a user would. */
import { z } from 'zod';

import { rights } from './auth.js';
import {
  fieldErrors,
  linkPatchSchema,
  postOrganizationSchema,
  postPersonSchema,
  putOrganizationSchema,
  putPersonSchema,
  splitBody,
} from './writes.js';

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Right } from './auth.js';
import type { JsonObject } from './records.js';
import type { SimplicateSim } from './server.js';

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
  const { state, keys, webhooks } = sim;

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

  // Records, read and edited as a user in the Simplicate UI would (edits bump updated_at and fire webhooks).
  for (const [kind, plural] of [
    ['organization', 'organizations'],
    ['person', 'persons'],
  ] as const) {
    const linkKey = kind === 'organization' ? 'linked_persons_contacts' : 'linked_as_contact_to_organization';
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
    const write =
      (mode: 'post' | 'patch') => (request: { body: unknown; params: { id?: string } }, reply: FastifyReply) => {
        const schema =
          kind === 'organization'
            ? mode === 'post'
              ? postOrganizationSchema
              : putOrganizationSchema
            : mode === 'post'
              ? postPersonSchema
              : putPersonSchema;
        const parsed = schema.safeParse(request.body ?? {});
        if (!parsed.success) return bad(reply, parsed.error);
        const { fields, links } = splitBody(parsed.data, linkKey, true);
        const other = kind === 'organization' ? 'person' : 'organization';
        if ((links ?? []).some((l) => state.render(other, l.otherId) === undefined))
          return reply.code(400).send({ error: `unknown ${other} in ${linkKey}` });
        const rec = mode === 'post' ? state.create(kind, fields) : state.update(kind, request.params.id ?? '', fields);
        if (rec === undefined) return reply.code(404).send({ error: `${kind} not found` });
        for (const { otherId, ...input } of links ?? []) {
          if (kind === 'organization') state.upsertLink(rec.id, otherId, input);
          else state.upsertLink(otherId, rec.id, input);
        }
        return reply.code(mode === 'post' ? 201 : 200).send(state.render(kind, rec.id));
      };
    app.post(`/__sim/${plural}`, (request, reply) => write('post')({ body: request.body, params: {} }, reply));
    app.patch<{ Params: { id: string } }>(`/__sim/${plural}/:id`, (request, reply) => write('patch')(request, reply));
    app.delete<{ Params: { id: string } }>(`/__sim/${plural}/:id`, (request, reply) =>
      state.remove(kind, request.params.id)
        ? { deleted: request.params.id }
        : reply.code(404).send({ error: `${kind} not found` }),
    );
  }

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
