/** Stored record shapes of the Simplicate simulator and their rendering to the wire (docs/external-systems/simplicate.md#organization, #person). */
import type { SimplicateOptions } from './options.js';

export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

/** An organization or person as stored: the GET fields except the derived link arrays. */
export type StoredRecord = JsonObject & { id: string; created_at: string; updated_at: string };

/** A person↔organization link (`/crm/contactperson`). */
export type ContactLink = {
  id: string;
  organization_id: string;
  person_id: string;
  is_active: boolean;
  work_function: string | null;
  work_email: string | null;
  work_phone: string | null;
  work_mobile: string | null;
  created_at: string;
  updated_at: string;
};

export const ENTITY_KINDS = ['organization', 'person', 'contactperson'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

/** Applies the `emptyFields` option ([I] docs/external-systems/simplicate.md#organization) to a rendered value, recursively. */
export function applyEmptyFields(value: Json, mode: SimplicateOptions['emptyFields']): Json {
  if (Array.isArray(value)) return value.map((v) => applyEmptyFields(v, mode));
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, v] of Object.entries(value)) {
    const empty = v === null || v === '';
    if (empty && mode === 'omit') continue;
    out[key] = empty ? (mode === 'null' ? null : '') : applyEmptyFields(v, mode);
  }
  return out;
}

/** `first_name [prefix] family_name`, as Simplicate builds `full_name`. */
export function fullName(person: JsonObject): string {
  return [person['first_name'], person['family_name_prefix'], person['family_name']]
    .filter((p): p is string => typeof p === 'string' && p !== '')
    .join(' ');
}

/** GET fields a new record starts with (docs/external-systems/simplicate.md#organization, #person), so every field exists whatever the empty-field policy. */
export const RECORD_TEMPLATES: Record<'organization' | 'person', JsonObject> = {
  organization: {
    name: null,
    coc_code: null,
    vat_number: null,
    email: null,
    phone: null,
    url: null,
    note: null,
    linkedin_url: null,
    is_active: true,
    has_different_postal_address: false,
    visiting_address: null,
    postal_address: null,
    relation_type: null,
    relation_manager: null,
    teams: [],
    industry: null,
    organizationsize: null,
    interests: [],
    custom_fields: [],
    sbi_codes: [],
    allow_autocollect: false,
  },
  person: {
    first_name: null,
    family_name_prefix: null,
    family_name: null,
    initials: null,
    gender: 'Unknown',
    date_of_birth: null,
    email: null,
    phone: null,
    website_url: null,
    linkedin_url: null,
    note: null,
    is_active: true,
    is_employee: 0,
    address: [],
    teams: [],
    interests: [],
    custom_fields: [],
  },
};
