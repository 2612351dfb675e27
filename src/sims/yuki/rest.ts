/**
 * docs/external-systems/yuki.md#platform-api: the Yuki Platform REST API as far as crmhub needs it under `/api/v1`:
 * portal, domains and companies by customer code, answering the documented Company object (Y-REST). Assumed, each
 * behind an option: the extra company fields, the company list and read by id, the PUT/PATCH company write; the
 * address sub-fields, ETags and error bodies are assumptions too. Bearer tokens are issued through
 * the admin API (real Yuki uses Visma Connect OAuth2). Calls on a company count against the domain's daily quota, like SOAP calls (docs/external-systems/yuki.md#quota).
 */
import { z } from 'zod';

import { msUntilNextDay } from './dates.js';

import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SimAdministration, YukiState } from './state.js';

const addressSchema = z.strictObject({
  addressLine: z.string().max(200).nullable(),
  postalCode: z.string().max(20).nullable(),
  city: z.string().max(100).nullable(),
});
const mailingSchema = addressSchema.extend({ country: z.string().max(2).nullable() });
// [I] docs/external-systems/yuki.md#platform-api, #crmhub-feature: docs/external-systems/yuki.md#crmhub-feature says
// CRMHub updates the profile's contact person, but Y-REST lists no such field, so its shape is ours; `middleName` is the tussenvoegsel, named as in Yuki's contact schema (`MiddleName`, docs/external-systems/yuki.md#update-contact).
const contactPersonSchema = z.strictObject({
  firstName: z.string().max(100).nullable(),
  initials: z.string().max(20).nullable(),
  middleName: z.string().max(20).nullable(),
  lastName: z.string().max(100).nullable(),
});

const writableSchema = z.strictObject({
  companyName: z.string().trim().min(1, 'companyName must not be empty').max(200),
  address: addressSchema,
  mailingAddress: mailingSchema.nullable(),
  contactPerson: contactPersonSchema.nullable(),
  country: z
    .string()
    .regex(/^[A-Z]{2}$/, 'country must be an ISO 3166-1 alpha-2 code such as NL')
    .nullable(),
  emailAddress: z.string().max(200).nullable(),
  phone: z.string().max(50).nullable(),
  website: z.string().max(200).nullable(),
  cocNumber: z.string().max(20).nullable(),
  vatNumber: z.string().max(20).nullable(),
});
// PATCH merges `address` and `contactPerson` field by field, but replaces `mailingAddress` as a whole ([I]).
const patchSchema = writableSchema.partial().extend({
  address: addressSchema.partial().optional(),
  contactPerson: contactPersonSchema.partial().nullable().optional(),
});

const pageQuery = z.object({
  offset: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(100).default(100),
});

const orNull = (s: string): string | null => (s === '' ? null : s);

/** The documented Company object (docs/external-systems/yuki.md#platform-api); `extras` adds the assumed fields. */
export function companyJson(a: SimAdministration, extras = false): Record<string, unknown> {
  const hasMailing =
    a.mailingAddressLine !== '' || a.mailingPostcode !== '' || a.mailingCity !== '' || a.mailingCountry !== '';
  const documented = {
    id: a.id,
    companyName: a.name,
    address: { addressLine: orNull(a.addressLine), postalCode: orNull(a.postcode), city: orNull(a.city) },
    mailingAddress: hasMailing
      ? {
          addressLine: orNull(a.mailingAddressLine),
          postalCode: orNull(a.mailingPostcode),
          city: orNull(a.mailingCity),
          country: orNull(a.mailingCountry),
        }
      : null,
    country: orNull(a.country),
    emailAddress: orNull(a.emailAddress),
    phone: orNull(a.phone),
    website: orNull(a.website),
    legalForm: orNull(a.legalForm),
    cocNumber: orNull(a.cocNumber),
    customerCode: orNull(a.internalCustomerCode),
    startDate: a.startDate,
  };
  return extras ? { ...documented, ...assumedCompanyFields(a) } : documented;
}

/** [I] Fields the documented Company object lacks (option `platformCompanyExtras`). */
function assumedCompanyFields(a: SimAdministration): Record<string, unknown> {
  const hasContact =
    a.contactFirstName !== '' || a.contactInitials !== '' || a.contactMiddleName !== '' || a.contactLastName !== '';
  return {
    domainId: a.domainId,
    contactPerson: hasContact
      ? {
          firstName: orNull(a.contactFirstName),
          initials: orNull(a.contactInitials),
          middleName: orNull(a.contactMiddleName),
          lastName: orNull(a.contactLastName),
        }
      : null,
    vatNumber: orNull(a.vatNumber),
    active: a.active,
    lastModified: new Date(a.modifiedAt).toISOString(),
  };
}

type WritePatch = z.infer<typeof patchSchema>;

function applyWritable(a: SimAdministration, w: WritePatch, now: number): void {
  const s = (v: string | null | undefined, current: string): string => (v === undefined ? current : (v ?? ''));
  if (w.companyName !== undefined) a.name = w.companyName;
  if (w.address) {
    a.addressLine = s(w.address.addressLine, a.addressLine);
    a.postcode = s(w.address.postalCode, a.postcode);
    a.city = s(w.address.city, a.city);
  }
  if (w.mailingAddress !== undefined) {
    a.mailingAddressLine = w.mailingAddress?.addressLine ?? '';
    a.mailingPostcode = w.mailingAddress?.postalCode ?? '';
    a.mailingCity = w.mailingAddress?.city ?? '';
    a.mailingCountry = w.mailingAddress?.country ?? '';
  }
  if (w.contactPerson !== undefined) {
    // null removes the contact person; an object changes the names it holds.
    const c = w.contactPerson ?? { firstName: null, initials: null, middleName: null, lastName: null };
    a.contactFirstName = s(c.firstName, a.contactFirstName);
    a.contactInitials = s(c.initials, a.contactInitials);
    a.contactMiddleName = s(c.middleName, a.contactMiddleName);
    a.contactLastName = s(c.lastName, a.contactLastName);
  }
  a.country = s(w.country, a.country);
  a.emailAddress = s(w.emailAddress, a.emailAddress);
  a.phone = s(w.phone, a.phone);
  a.website = s(w.website, a.website);
  a.cocNumber = s(w.cocNumber, a.cocNumber);
  a.vatNumber = s(w.vatNumber, a.vatNumber);
  a.modifiedAt = Math.max(now, a.modifiedAt + 1);
}

const etag = (a: SimAdministration): string => `"${String(a.modifiedAt)}"`;

function problem(
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): FastifyReply {
  return reply
    .code(status)
    .type('application/json')
    .send({ code, message, ...extra });
}

type StateOf = () => YukiState;

function portalOf(state: StateOf, request: FastifyRequest, reply: FastifyReply): string | null {
  // Every Platform API call shows in the call counter (`/__sim/calls`) by its route, beside the SOAP methods.
  state().countCall(`${request.method} ${request.routeOptions.url?.replace('/api/v1', '') ?? request.url}`);
  const auth = request.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(auth);
  const found = m ? state().platformTokens.get(m[1] ?? '') : undefined;
  // docs/external-systems/yuki.md#visma-connect: a Visma Connect access token stops working when it expires.
  const token = found?.expiresAtMs !== undefined && found.expiresAtMs <= state().now() ? undefined : found;
  if (!token) {
    void problem(
      reply,
      401,
      'unauthorized',
      m ? 'The bearer token is not valid.' : 'Send an Authorization: Bearer token.',
    );
    return null;
  }
  const { portalId } = request.params as { portalId: string };
  if (portalId.toLowerCase() !== token.portalId) {
    void problem(reply, 403, 'forbidden', `The token has no access to portal ${portalId}.`);
    return null;
  }
  return token.portalId;
}

function companyOf(
  state: StateOf,
  request: FastifyRequest,
  reply: FastifyReply,
  portalId: string,
): SimAdministration | null {
  const s = state();
  const { companyId } = request.params as { companyId: string };
  const a = s.administrations.get(companyId.toLowerCase());
  if (!a || s.domains.get(a.domainId)?.portalId !== portalId) {
    void problem(reply, 404, 'not_found', `Company ${companyId} was not found.`);
    return null;
  }
  if (!s.spendCall(a.domainId).ok) {
    const retry = Math.ceil(msUntilNextDay(s.now(), s.options.quotaTimeZone) / 1000);
    reply.header('retry-after', String(retry));
    void problem(reply, s.options.platformQuotaStatus, 'daily_limit_exceeded', s.options.quotaFaultMessage, {
      detail: s.options.quotaFaultDetail,
    });
    return null;
  }
  return a;
}

function page<T>(request: FastifyRequest, reply: FastifyReply, rows: readonly T[], map: (r: T) => unknown): unknown {
  const q = pageQuery.safeParse(request.query);
  if (!q.success) return problem(reply, 400, 'validation_error', 'offset must be ≥ 0 and limit 1–100.');
  const { offset, limit } = q.data;
  return { totalItems: rows.length, offset, limit, items: rows.slice(offset, offset + limit).map(map) };
}

// One portal per simulator: its companies are all administrations, listed without copying.
function companiesIn(state: StateOf, portalId: string): readonly SimAdministration[] {
  return portalId === state().portal.id ? state().allAdministrations() : [];
}

/** PUT (full) or PATCH (partial) of a company, honouring If-Match against the company's ETag. */
function writeCompany(state: StateOf, partial: boolean) {
  return (request: FastifyRequest, reply: FastifyReply) => {
    const portalId = portalOf(state, request, reply);
    if (portalId === null) return reply;
    const parsed = (partial ? patchSchema : writableSchema).safeParse(request.body);
    if (!parsed.success) {
      const errors = parsed.error.issues.map((i) => ({ field: i.path.join('.') || '(body)', message: i.message }));
      return problem(reply, 400, 'validation_error', 'The company is not valid.', { errors });
    }
    const a = companyOf(state, request, reply, portalId);
    if (!a) return reply;
    const ifMatch = request.headers['if-match'];
    if (ifMatch !== undefined && ifMatch !== '*' && ifMatch !== etag(a)) {
      return problem(reply, 412, 'precondition_failed', 'The company was changed since it was read.', {
        etag: etag(a),
      });
    }
    applyWritable(a, parsed.data, state().now());
    state().touchedAdministrations.add(a.id);
    state().onChange();
    reply.header('etag', etag(a));
    return companyJson(a, state().options.platformCompanyExtras);
  };
}

/** Registers `/api/v1/...`; `state()` is read per request because the admin API can reseed. */
export function registerPlatformApi(app: FastifyInstance, state: () => YukiState): void {
  app.get('/api/v1/portals/:portalId', (request, reply) => {
    const portalId = portalOf(state, request, reply);
    if (portalId === null) return reply;
    return { id: state().portal.id, name: state().portal.name };
  });

  app.get('/api/v1/portals/:portalId/domains', (request, reply) => {
    const portalId = portalOf(state, request, reply);
    if (portalId === null) return reply;
    const rows = state().domainsIn({ portalId, domainId: null });
    return page(request, reply, rows, (d) => ({ id: d.id, name: d.name, url: d.url }));
  });

  app.get('/api/v1/portals/:portalId/companies/search/byCustomerCode', (request, reply) => {
    const portalId = portalOf(state, request, reply);
    if (portalId === null) return reply;
    const code = (request.query as Record<string, unknown>)['customerCode'];
    if (typeof code !== 'string' || code.trim() === '')
      return problem(reply, 400, 'validation_error', 'customerCode is required.');
    const rows = companiesIn(state, portalId).filter(
      (a) => a.internalCustomerCode.toLowerCase() === code.trim().toLowerCase(),
    );
    return page(request, reply, rows, (a) => companyJson(a, state().options.platformCompanyExtras));
  });
  const { platformCompanyReads, platformCompanyWrite } = state().options;
  if (platformCompanyReads) registerAssumedCompanyReads(app, state);
  if (platformCompanyWrite) {
    // [I] Undocumented: Yuki publishes no company write (docs/external-systems/yuki.md#write-modes).
    app.put('/api/v1/portals/:portalId/companies/:companyId', writeCompany(state, false));
    app.patch('/api/v1/portals/:portalId/companies/:companyId', writeCompany(state, true));
  }
}

/** [I] The undocumented company list and read by id (option `platformCompanyReads`). */
function registerAssumedCompanyReads(app: FastifyInstance, state: StateOf): void {
  app.get('/api/v1/portals/:portalId/companies', (request, reply) => {
    const portalId = portalOf(state, request, reply);
    if (portalId === null) return reply;
    return page(request, reply, companiesIn(state, portalId), (a) =>
      companyJson(a, state().options.platformCompanyExtras),
    );
  });

  app.get('/api/v1/portals/:portalId/companies/:companyId', (request, reply) => {
    const portalId = portalOf(state, request, reply);
    if (portalId === null) return reply;
    const a = companyOf(state, request, reply, portalId);
    if (!a) return reply;
    reply.header('etag', etag(a));
    return companyJson(a, state().options.platformCompanyExtras);
  });
}
