/** Admin API of the Yuki simulator under `/__sim/`: reseed, credentials, quota, clock, and "a person edits the portal". */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';

import { contactTextFields } from './contacts.js';
import { parseYukiSimOptions, yukiSimOptionsSchema } from './options.js';
import { companyJson } from './rest.js';

import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ContactTextField, SimContact } from './contacts.js';
import type { SimAdministration, YukiState } from './state.js';

export type AdminHooks = {
  readonly state: () => YukiState;
  readonly reseed: (seed: number, orgs: number) => void;
  readonly seedInfo: () => { seed: number; orgs: number };
};

const text = (max: number) => z.string().max(max);
const profileSchema = z.strictObject({
  name: text(200).min(1).optional(),
  addressLine: text(200).optional(),
  postcode: text(20).optional(),
  city: text(100).optional(),
  country: text(2).optional(),
  cocNumber: text(20).optional(),
  vatNumber: text(20).optional(),
  startDate: z.iso.date().optional(),
  active: z.boolean().optional(),
  internalCustomerCode: text(50).optional(),
  emailAddress: text(200).optional(),
  phone: text(50).optional(),
  website: text(200).optional(),
  legalForm: text(50).optional(),
  mailingAddressLine: text(200).optional(),
  mailingPostcode: text(20).optional(),
  mailingCity: text(100).optional(),
  mailingCountry: text(2).optional(),
  contactFirstName: text(100).optional(),
  contactInitials: text(20).optional(),
  contactMiddleName: text(20).optional(),
  contactLastName: text(100).optional(),
});
const contactFieldsSchema = z.strictObject({
  ...(Object.fromEntries(contactTextFields.map((f) => [f, text(500).optional()])) as Record<
    ContactTextField,
    z.ZodOptional<z.ZodString>
  >),
  type: z.enum(['Person', 'Company']).optional(),
  active: z.boolean().optional(),
  isSupplier: z.boolean().optional(),
  isCustomer: z.boolean().optional(),
});
const pageSchema = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

function bad(reply: FastifyReply, error: z.ZodError): FastifyReply {
  return reply.code(400).send({
    error: 'invalid request',
    issues: error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  });
}
const notFound = (reply: FastifyReply, what: string): FastifyReply =>
  reply.code(404).send({ error: `${what} not found` });

function adminJson(a: SimAdministration): Record<string, unknown> {
  return { ...a, modifiedAt: new Date(a.modifiedAt).toISOString() };
}

type AdminContext = { readonly st: () => YukiState; readonly changed: () => void };

export function registerAdminApi(app: FastifyInstance, hooks: AdminHooks): void {
  const st = hooks.state;
  const ctx: AdminContext = {
    st,
    changed: (): void => {
      st().onChange();
    },
  };
  registerControlRoutes(app, hooks, ctx);
  registerCredentialRoutes(app, ctx);
  registerQuotaRoutes(app, ctx);
  registerDomainRoutes(app, ctx);
  registerAdministrationRoutes(app, ctx);
  registerContactRoutes(app, ctx);
}

function registerControlRoutes(app: FastifyInstance, hooks: AdminHooks, { st, changed }: AdminContext): void {
  app.get('/__sim/state', () => {
    const s = st();
    return {
      ...hooks.seedInfo(),
      portal: s.portal,
      domains: s.domains.size,
      administrations: s.administrations.size,
      options: s.options,
      now: new Date(s.now()).toISOString(),
    };
  });

  app.post('/__sim/seed', (request, reply) => {
    const p = z
      .object({ seed: z.number().int().optional(), orgs: z.number().int().min(0).max(200_000).optional() })
      .safeParse(request.body ?? {});
    if (!p.success) return bad(reply, p.error);
    const info = hooks.seedInfo();
    hooks.reseed(p.data.seed ?? info.seed, p.data.orgs ?? info.orgs);
    changed();
    return hooks.seedInfo();
  });

  app.patch('/__sim/options', (request, reply) => {
    const p = yukiSimOptionsSchema.partial().safeParse(request.body ?? {});
    if (!p.success) return bad(reply, p.error);
    const s = st();
    s.options = parseYukiSimOptions({ ...s.options, ...(request.body as Record<string, unknown>) });
    return s.options;
  });

  app.get('/__sim/clock', () => ({ now: new Date(st().now()).toISOString(), offsetMs: st().clockOffsetMs }));
  app.post('/__sim/clock', (request, reply) => {
    const p = z.strictObject({ advanceMs: z.number().int() }).safeParse(request.body);
    if (!p.success) return bad(reply, p.error);
    st().clockOffsetMs += p.data.advanceMs;
    changed();
    return { now: new Date(st().now()).toISOString(), offsetMs: st().clockOffsetMs };
  });

  app.get('/__sim/calls', () => ({ calls: Object.fromEntries(st().calls) }));
  app.delete('/__sim/calls', () => {
    st().calls.clear();
    return { calls: {} };
  });
  app.delete('/__sim/sessions', () => {
    const n = st().sessions.size;
    st().sessions.clear();
    return { ended: n };
  });
}

function registerCredentialRoutes(app: FastifyInstance, { st, changed }: AdminContext): void {
  app.get('/__sim/credentials', () => {
    const s = st();
    return {
      portalId: s.portal.id,
      accessKeys: [...s.accessKeys.values()],
      platformTokens: [...s.platformTokens.values()],
      users: [...s.users.values()].map(({ password: _p, ...u }) => u),
    };
  });

  const scopeBody = z.strictObject({
    domainId: z.string().nullable().default(null),
    label: z.string().max(100).default(''),
  });
  app.post('/__sim/access-keys', (request, reply) => {
    const p = scopeBody.extend({ key: z.string().min(8).max(200).optional() }).safeParse(request.body ?? {});
    if (!p.success) return bad(reply, p.error);
    const s = st();
    const domainId = p.data.domainId?.toLowerCase() ?? null;
    if (domainId !== null && !s.domains.has(domainId)) return notFound(reply, `domain ${domainId}`);
    const key = p.data.key ?? randomUUID().replace(/-/g, '');
    const cred = { key, label: p.data.label, portalId: s.portal.id, domainId };
    s.accessKeys.set(key, cred);
    changed();
    return reply.code(201).send(cred);
  });
  app.delete('/__sim/access-keys/:key', (request, reply) => {
    const { key } = request.params as { key: string };
    if (!st().accessKeys.delete(key)) return notFound(reply, 'access key');
    changed();
    return reply.code(204).send();
  });

  app.post('/__sim/users', (request, reply) => {
    const p = scopeBody
      .extend({ userName: z.string().min(1).max(200), password: z.string().min(1).max(200) })
      .safeParse(request.body);
    if (!p.success) return bad(reply, p.error);
    const s = st();
    const domainId = p.data.domainId?.toLowerCase() ?? null;
    if (domainId !== null && !s.domains.has(domainId)) return notFound(reply, `domain ${domainId}`);
    s.users.set(p.data.userName.toLowerCase(), {
      userName: p.data.userName,
      password: p.data.password,
      portalId: s.portal.id,
      domainId,
    });
    changed();
    return reply.code(201).send({ userName: p.data.userName, domainId });
  });

  app.post('/__sim/platform-tokens', (request, reply) => {
    const p = z.strictObject({ token: z.string().min(8).max(200).optional() }).safeParse(request.body ?? {});
    if (!p.success) return bad(reply, p.error);
    const token = p.data.token ?? `yk_${randomUUID().replace(/-/g, '')}`;
    st().platformTokens.set(token, { token, portalId: st().portal.id });
    changed();
    return reply.code(201).send({ token, portalId: st().portal.id });
  });
}

function registerQuotaRoutes(app: FastifyInstance, { st, changed }: AdminContext): void {
  app.get('/__sim/quota/:domainId', (request, reply) => {
    const { domainId } = request.params as { domainId: string };
    if (!st().domains.has(domainId.toLowerCase())) return notFound(reply, 'domain');
    return st().quotaUsage(domainId.toLowerCase());
  });
  app.put('/__sim/quota/:domainId', (request, reply) => {
    const { domainId } = request.params as { domainId: string };
    const id = domainId.toLowerCase();
    const p = z
      .strictObject({ limit: z.number().int().min(0).optional(), used: z.number().int().min(0).optional() })
      .safeParse(request.body);
    if (!p.success) return bad(reply, p.error);
    const s = st();
    if (!s.domains.has(id)) return notFound(reply, 'domain');
    if (p.data.limit !== undefined) s.quotaLimits.set(id, p.data.limit);
    if (p.data.used !== undefined) s.setQuotaUsed(id, p.data.used);
    changed();
    return s.quotaUsage(id);
  });
}

function registerDomainRoutes(app: FastifyInstance, { st, changed }: AdminContext): void {
  app.get('/__sim/domains', (request, reply) => {
    const p = pageSchema.safeParse(request.query);
    if (!p.success) return bad(reply, p.error);
    const all = [...st().domains.values()];
    return { total: all.length, items: all.slice(p.data.offset, p.data.offset + p.data.limit) };
  });

  app.post('/__sim/domains', (request, reply) => {
    const p = z
      .strictObject({
        name: z.string().regex(/^[a-z0-9-]{1,60}$/, 'lowercase letters, digits and -'),
        administration: profileSchema.extend({ name: text(200).min(1) }),
      })
      .safeParse(request.body);
    if (!p.success) return bad(reply, p.error);
    const s = st();
    const domain = {
      id: randomUUID(),
      portalId: s.portal.id,
      name: p.data.name,
      url: `${p.data.name}.yukiworks.nl`,
      seedIndex: null,
    };
    s.addDomain(domain);
    s.createdDomains.add(domain.id);
    const admin = newAdministration(domain.id, p.data.administration, s.now());
    s.addAdministration(admin);
    s.touchedAdministrations.add(admin.id);
    changed();
    return reply.code(201).send({ domain, administration: adminJson(admin) });
  });

  app.post('/__sim/domains/:domainId/administrations', (request, reply) => {
    const { domainId } = request.params as { domainId: string };
    const p = profileSchema.extend({ name: text(200).min(1) }).safeParse(request.body);
    if (!p.success) return bad(reply, p.error);
    const s = st();
    if (!s.domains.has(domainId.toLowerCase())) return notFound(reply, 'domain');
    const admin = newAdministration(domainId.toLowerCase(), p.data, s.now());
    s.addAdministration(admin);
    s.touchedAdministrations.add(admin.id);
    changed();
    return reply.code(201).send(adminJson(admin));
  });
}

function registerAdministrationRoutes(app: FastifyInstance, { st, changed }: AdminContext): void {
  app.get('/__sim/administrations', (request, reply) => {
    const p = pageSchema.extend({ domainId: z.string().optional() }).safeParse(request.query);
    if (!p.success) return bad(reply, p.error);
    const s = st();
    const all =
      p.data.domainId === undefined
        ? [...s.administrations.values()]
        : (s.adminsByDomain.get(p.data.domainId.toLowerCase()) ?? [])
            .map((id) => s.administrations.get(id))
            .filter((a) => a !== undefined);
    return { total: all.length, items: all.slice(p.data.offset, p.data.offset + p.data.limit).map(adminJson) };
  });

  app.get('/__sim/administrations/:id', (request, reply) => {
    const a = st().administrations.get((request.params as { id: string }).id.toLowerCase());
    return a ? { ...adminJson(a), company: companyJson(a) } : notFound(reply, 'administration');
  });

  app.patch('/__sim/administrations/:id', (request, reply) => {
    const p = profileSchema.safeParse(request.body);
    if (!p.success) return bad(reply, p.error);
    const s = st();
    const a = s.administrations.get((request.params as { id: string }).id.toLowerCase());
    if (!a) return notFound(reply, 'administration');
    Object.assign(a, p.data);
    a.modifiedAt = Math.max(s.now(), a.modifiedAt + 1);
    s.touchedAdministrations.add(a.id);
    changed();
    return adminJson(a);
  });
}

function registerContactRoutes(app: FastifyInstance, { st, changed }: AdminContext): void {
  app.get('/__sim/domains/:domainId/contacts', (request, reply) => {
    const p = pageSchema.safeParse(request.query);
    if (!p.success) return bad(reply, p.error);
    const store = st().contactsOf((request.params as { domainId: string }).domainId.toLowerCase());
    if (!store) return notFound(reply, 'domain');
    const all = [...store.byId.values()].sort((a, b) => a.hid - b.hid);
    return { total: all.length, items: all.slice(p.data.offset, p.data.offset + p.data.limit).map(contactJson) };
  });

  app.post('/__sim/domains/:domainId/contacts', (request, reply) => {
    const p = contactFieldsSchema.extend({ type: z.enum(['Person', 'Company']) }).safeParse(request.body);
    if (!p.success) return bad(reply, p.error);
    const s = st();
    const store = s.contactsOf((request.params as { domainId: string }).domainId.toLowerCase());
    if (!store) return notFound(reply, 'domain');
    const { type, active, isSupplier, isCustomer, ...values } = p.data;
    const c = store.create(type, dropUndefined(values), s.now());
    store.change(c, {}, s.now(), dropUndefined({ active, isSupplier, isCustomer }));
    changed();
    return reply.code(201).send(contactJson(c));
  });

  app.get('/__sim/domains/:domainId/contacts/:id', (request, reply) => {
    const { domainId, id } = request.params as { domainId: string; id: string };
    const c = st().contactsOf(domainId.toLowerCase())?.get(id);
    return c ? contactJson(c) : notFound(reply, 'contact');
  });

  app.patch('/__sim/domains/:domainId/contacts/:id', (request, reply) => {
    const { domainId, id } = request.params as { domainId: string; id: string };
    const p = contactFieldsSchema.safeParse(request.body);
    if (!p.success) return bad(reply, p.error);
    const s = st();
    const store = s.contactsOf(domainId.toLowerCase());
    const c = store?.get(id);
    if (!store || !c) return notFound(reply, 'contact');
    const { type, active, isSupplier, isCustomer, ...values } = p.data;
    store.change(c, dropUndefined(values), s.now(), dropUndefined({ type, active, isSupplier, isCustomer }));
    changed();
    return contactJson(c);
  });
}

function dropUndefined<T extends Record<string, unknown>>(o: T): { [K in keyof T]?: Exclude<T[K], undefined> } {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as {
    [K in keyof T]?: Exclude<T[K], undefined>;
  };
}

function contactJson(c: SimContact): Record<string, unknown> {
  return { ...c, createdAt: new Date(c.createdAt).toISOString(), modifiedAt: new Date(c.modifiedAt).toISOString() };
}

function newAdministration(
  domainId: string,
  p: z.infer<typeof profileSchema> & { name: string },
  now: number,
): SimAdministration {
  return {
    id: randomUUID(),
    domainId,
    addressLine: '',
    postcode: '',
    city: '',
    country: 'NL',
    cocNumber: '',
    vatNumber: '',
    startDate: new Date(now).toISOString().slice(0, 10),
    active: true,
    internalCustomerCode: '',
    emailAddress: '',
    phone: '',
    website: '',
    legalForm: '',
    mailingAddressLine: '',
    mailingPostcode: '',
    mailingCity: '',
    mailingCountry: '',
    contactFirstName: '',
    contactInitials: '',
    contactMiddleName: '',
    contactLastName: '',
    ...dropUndefined(p),
    name: p.name,
    modifiedAt: now,
  };
}
