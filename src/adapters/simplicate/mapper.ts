/** Simplicate payloads (docs/external-systems/simplicate.md#organization, #person) ⇄ crmhub's model: SourceCompany and PhoneRecord. Pure; lenient about empty values. */
import { z } from 'zod';

import { err, ok } from '../../core/result.js';
import { simplicateToIso } from './time.js';

import type { Address, ConnectorError, PhoneRecord, SourceCompany } from '../../core/connector.js';
import type { Result } from '../../core/result.js';

// Simplicate may leave empty fields out, send null or send "" ([I] docs/external-systems/simplicate.md#organization);
// all three become null. Hand-written checks instead of z.union: these run for every field of every record of a 100,000-organisation scan.
const text = z
  .unknown()
  .optional()
  .transform((v, ctx): string | null => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'string') return v.trim() === '' ? null : v;
    if (typeof v === 'number') return String(v);
    ctx.addIssue({ code: 'custom', message: 'expected text' });
    return z.NEVER;
  });
const flag = z
  .unknown()
  .optional()
  .transform((v, ctx): boolean | null => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') {
      return v === true || v === 1 || v === '1' || v === 'true';
    }
    ctx.addIssue({ code: 'custom', message: 'expected a yes/no value' });
    return z.NEVER;
  });

const addressSchema = z
  .object({ line_1: text, line_2: text, postal_code: text, locality: text, country: text, country_code: text })
  .nullish();
const contactLinkSchema = z.object({
  id: text,
  person_id: z.string().min(1),
  name: text,
  is_active: flag,
  work_function: text,
  work_email: text,
  work_phone: text,
  work_mobile: text,
});
export const organizationSchema = z.object({
  id: z.string().min(1),
  name: text,
  coc_code: text,
  vat_number: text,
  email: text,
  phone: text,
  relation_number: text,
  is_active: flag,
  has_different_postal_address: flag,
  visiting_address: addressSchema,
  postal_address: addressSchema,
  linked_persons_contacts: z.array(contactLinkSchema).nullish(),
  updated_at: text,
  simplicate_url: text,
});
export const personSchema = z.object({
  id: z.string().min(1),
  full_name: text,
  first_name: text,
  family_name_prefix: text,
  family_name: text,
  initials: text,
  phone: text,
  relation_number: text,
  is_active: flag,
  linked_as_contact_to_organization: z
    .array(z.object({ id: text, organization_id: z.string().min(1), name: text, is_active: flag }))
    .nullish(),
  updated_at: text,
  simplicate_url: text,
});

export type SimplicateOrganization = z.infer<typeof organizationSchema>;
export type SimplicatePerson = z.infer<typeof personSchema>;
export type SimplicateContactLink = z.infer<typeof contactLinkSchema>;
export type MapOptions = { readonly timeZone: string };

function parseWith<T>(schema: z.ZodType<T>, what: string, raw: unknown): Result<T, ConnectorError> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return ok(parsed.data);
  const where = parsed.error.issues.map((i) => `${i.path.join('.') || '(record)'}: ${i.message}`).join('; ');
  return err({ code: 'unknown', message: `Simplicate sent ${what} crmhub cannot read (${where})` });
}

export const parseOrganization = (raw: unknown): Result<SimplicateOrganization, ConnectorError> =>
  parseWith(organizationSchema, 'an organization', raw);
export const parsePerson = (raw: unknown): Result<SimplicatePerson, ConnectorError> =>
  parseWith(personSchema, 'a person', raw);

function toAddress(a: z.infer<typeof addressSchema>): Address | null {
  if (a === undefined || a === null) return null;
  const address: Address = {
    line1: a.line_1,
    line2: a.line_2,
    postcode: a.postal_code,
    city: a.locality,
    country: a.country_code ?? a.country,
  };
  return Object.values(address).every((v) => v === null) ? null : address;
}

const isoOf = (value: string | null, opts: MapOptions): string | null =>
  value === null ? null : (simplicateToIso(value, opts.timeZone) ?? value);

/** [I] The first active linked contact is the organization's contact person (Simplicate has no "main" flag). */
export function mainContactLink(org: SimplicateOrganization): SimplicateContactLink | null {
  const links = org.linked_persons_contacts ?? [];
  return links.find((l) => l.is_active !== false) ?? links[0] ?? null;
}

function personName(p: SimplicatePerson | undefined, link: SimplicateContactLink | null): string {
  const parts = [p?.first_name, p?.family_name_prefix, p?.family_name].filter(
    (x): x is string => typeof x === 'string',
  );
  return p?.full_name ?? (parts.length > 0 ? parts.join(' ') : (link?.name ?? ''));
}

/**
 * Maps an organization. `persons` holds the person records of its links (name parts live on the person).
 * Without a different postal address there is no separate one (null), as in Yuki, where an empty mailing address
 * means "post goes to the visiting address".
 */
export function toSourceCompany(
  org: SimplicateOrganization,
  persons: ReadonlyMap<string, SimplicatePerson>,
  opts: MapOptions,
): SourceCompany {
  const link = mainContactLink(org);
  const person = link === null ? undefined : persons.get(link.person_id);
  const visiting = toAddress(org.visiting_address);
  return {
    externalId: org.id,
    name: org.name,
    kvk: org.coc_code,
    vat: org.vat_number,
    email: org.email,
    phone: org.phone,
    relationNumber: org.relation_number,
    visitingAddress: visiting,
    postalAddress: org.has_different_postal_address === true ? toAddress(org.postal_address) : null,
    contactPerson:
      link === null
        ? null
        : person === undefined
          ? // Person not readable: keep the link's display name rather than lose the contact.
            { externalId: link.person_id, firstName: null, initials: null, prefix: null, lastName: link.name }
          : {
              externalId: person.id,
              firstName: person.first_name,
              initials: person.initials,
              prefix: person.family_name_prefix,
              lastName: person.family_name,
            },
    isActive: org.is_active !== false,
    updatedAt: isoOf(org.updated_at, opts),
    deepLink: org.simplicate_url,
  };
}

/**
 * Phone numbers of an organization: its switchboard `phone` and each linked contact's `work_phone`/`work_mobile`.
 * `relation_manager` phones are the firm's own employee's and are never indexed (docs/external-systems/pbx.md#caller-id-rules).
 */
export function organizationPhones(
  org: SimplicateOrganization,
  persons: ReadonlyMap<string, SimplicatePerson>,
  opts: MapOptions,
): PhoneRecord[] {
  const updatedAt = isoOf(org.updated_at, opts);
  const common = {
    source: 'simplicate',
    company: org.name,
    companyId: org.id,
    kvk: org.coc_code,
    relationNumber: org.relation_number,
    updatedAt,
  } as const;
  const out: PhoneRecord[] = [];
  if (org.phone !== null) {
    out.push({
      ...common,
      recordKind: 'organization',
      recordId: org.id,
      field: 'phone',
      raw: org.phone,
      name: org.name ?? '',
      personal: false,
      deepLink: org.simplicate_url,
    });
  }
  for (const link of org.linked_persons_contacts ?? []) {
    const person = persons.get(link.person_id);
    for (const field of ['work_phone', 'work_mobile'] as const) {
      const raw = link[field];
      if (raw === null) continue;
      out.push({
        ...common,
        recordKind: 'contact_person',
        recordId: link.id ?? `${link.person_id}@${org.id}`,
        field,
        raw,
        name: personName(person, link),
        personal: true,
        deepLink: person?.simplicate_url ?? org.simplicate_url,
      });
    }
  }
  return out;
}

/** A person's own `phone` (their contact-person work numbers come with the organization). */
export function personPhones(person: SimplicatePerson, opts: MapOptions): PhoneRecord[] {
  if (person.phone === null) return [];
  const org = (person.linked_as_contact_to_organization ?? [])[0];
  return [
    {
      source: 'simplicate',
      recordKind: 'person',
      recordId: person.id,
      field: 'phone',
      raw: person.phone,
      name: personName(person, null),
      company: org?.name ?? null,
      companyId: org?.organization_id ?? null,
      kvk: null,
      relationNumber: person.relation_number,
      personal: true,
      deepLink: person.simplicate_url,
      updatedAt: isoOf(person.updated_at, opts),
    },
  ];
}
