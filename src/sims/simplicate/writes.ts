/** Validation of POST/PUT bodies (`PostOrganization`, `PostPerson`, `PostMerger`, docs/external-systems/simplicate.md#organization, #person) into store updates. */
import { z } from 'zod';

import type { JsonObject } from './records.js';
import type { LinkInput, SimplicateState } from './state.js';

const text = z.string().nullable().optional();
const ref = z.object({ id: z.string().min(1) });
const address = z.object({
  type: text,
  line_1: text,
  line_2: text,
  postal_code: text,
  locality: text,
  province: text,
  country: text,
  country_code: text,
  country_id: text,
});
const linkFields = {
  id: z.string().optional(),
  is_active: z.boolean().optional(),
  work_function: text,
  work_email: text,
  work_mobile: text,
  // Not in the Post schemas ([C] docs/external-systems/simplicate.md#organization); only honoured when `acceptWorkPhoneOnWrite` is on or via the admin API.
  work_phone: text,
};

const orgFields = {
  name: z.string().trim().min(1, 'is required'),
  coc_code: text,
  vat_number: text,
  email: text,
  phone: text,
  url: text,
  note: text,
  linkedin_url: text,
  relation_number: text,
  is_active: z.boolean().optional(),
  has_different_postal_address: z.boolean().optional(),
  visiting_address: address.optional(),
  postal_address: address.optional(),
  relation_type: ref.optional(),
  relation_manager: ref.optional(),
  customer_group: ref.optional(),
  industry: ref.optional(),
  organizationsize: ref.optional(),
  teams: z.array(ref).optional(),
  interests: z.array(z.unknown()).optional(),
  custom_fields: z.array(z.object({ name: z.string(), value: z.unknown() })).optional(),
  linked_persons_contacts: z.array(z.object({ person_id: z.string().min(1), ...linkFields })).optional(),
};
export const postOrganizationSchema = z.object(orgFields);
export const putOrganizationSchema = z.object(orgFields).partial();

const personFields = {
  first_name: text,
  family_name_prefix: text,
  family_name: z.string().trim().min(1, 'is required'),
  initials: text,
  gender: z.enum(['Male', 'Female', 'Unknown']).optional(),
  date_of_birth: text,
  email: text,
  phone: text,
  website_url: text,
  linkedin_url: text,
  note: text,
  relation_number: text,
  is_active: z.boolean().optional(),
  // [I] docs/external-systems/simplicate.md#person: a single Address on POST, an array on GET.
  address: address.optional(),
  custom_fields: z.array(z.object({ name: z.string(), value: z.unknown() })).optional(),
  linked_as_contact_to_organization: z
    .array(z.object({ organization_id: z.string().min(1), ...linkFields }))
    .optional(),
};
export const postPersonSchema = z.object(personFields);
export const putPersonSchema = z.object(personFields).partial();

export const postMergerSchema = z.object({ source_id: z.string().min(1), target_id: z.string().min(1) });

export const linkPatchSchema = z.object(linkFields).partial();

export type FieldError = { field: string; message: string };

/** Flattens zod issues into `field: message` pairs (`linked_persons_contacts.0.person_id`). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({
    field: i.path.map(String).join('.') || '(body)',
    message: i.code === 'invalid_type' && i.input === undefined ? 'is required' : i.message,
  }));
}

/** Splits a validated body into plain stored fields and link inputs. */
export function splitBody(
  body: Record<string, unknown>,
  linkKey: 'linked_persons_contacts' | 'linked_as_contact_to_organization',
  acceptWorkPhone: boolean,
): { fields: JsonObject; links: (LinkInput & { otherId: string })[] | undefined } {
  const fields: JsonObject = {};
  let links: (LinkInput & { otherId: string })[] | undefined;
  for (const [key, value] of Object.entries(body)) {
    if (value === undefined) continue;
    if (key === linkKey) {
      links = (value as (LinkInput & { person_id?: string; organization_id?: string })[]).map((l) => {
        const { person_id: personId, organization_id: orgId, work_phone: workPhone, ...rest } = l;
        return { ...rest, ...(acceptWorkPhone ? { work_phone: workPhone } : {}), otherId: personId ?? orgId ?? '' };
      });
    } else if (key === 'address') {
      fields['address'] = [value as JsonObject];
    } else {
      fields[key] = value as JsonObject[string];
    }
  }
  return { fields, links };
}

export type WritableKind = 'organization' | 'person';
type LinkKey = 'linked_persons_contacts' | 'linked_as_contact_to_organization';

/** The body schema of a create (`post`) or an update (`put`: every field optional) of `kind`. */
export function writeSchemaOf(kind: WritableKind, mode: 'post' | 'put') {
  if (kind === 'organization') return mode === 'post' ? postOrganizationSchema : putOrganizationSchema;
  return mode === 'post' ? postPersonSchema : putPersonSchema;
}

/** The body field that carries a record's links to the other kind. */
export function linkKeyOf(kind: WritableKind): LinkKey {
  return kind === 'organization' ? 'linked_persons_contacts' : 'linked_as_contact_to_organization';
}

export function otherKindOf(kind: WritableKind): WritableKind {
  return kind === 'organization' ? 'person' : 'organization';
}

/** Stores the links a write named for the record `recordId` of `kind`. */
export function saveLinks(
  state: SimplicateState,
  kind: WritableKind,
  recordId: string,
  links: readonly (LinkInput & { otherId: string })[] | undefined,
): void {
  for (const { otherId, ...input } of links ?? []) {
    if (kind === 'organization') state.upsertLink(recordId, otherId, input);
    else state.upsertLink(otherId, recordId, input);
  }
}
