/** Deterministic Simplicate data from a seed: organizations, their contact persons and links (docs/external-systems/simplicate.md#organization, #person, #example-response shapes). */
import { generateCompany } from '../shared/dutch-data.js';
import { createRng, mixSeed } from '../shared/random.js';

import type { FakeCompany, FakeContact } from '../shared/dutch-data.js';
import type { Rng } from '../shared/random.js';
import type { JsonObject, StoredRecord } from './records.js';
import type { SimplicateState } from './state.js';

const RELATION_TYPES = [
  { id: 'relationtype:8a1c2f0e5b7d4c3a9e6f1b2d3c4a5e6f', label: 'Klant', color: '#2e7d32', type: 'organizations' },
  { id: 'relationtype:1f2e3d4c5b6a79880a1b2c3d4e5f6071', label: 'Prospect', color: '#f9a825', type: 'organizations' },
  { id: 'relationtype:0c9b8a7f6e5d4c3b2a19087f6e5d4c3b', label: 'Oud-klant', color: '#9e9e9e', type: 'organizations' },
] as const;
const INDUSTRIES = [
  { id: 'industry:3a4b5c6d7e8f90a1b2c3d4e5f6a7b8c9', name: 'Bouw' },
  { id: 'industry:4b5c6d7e8f90a1b2c3d4e5f6a7b8c9d0', name: 'Detailhandel' },
  { id: 'industry:5c6d7e8f90a1b2c3d4e5f6a7b8c9d0e1', name: 'Horeca' },
  { id: 'industry:6d7e8f90a1b2c3d4e5f6a7b8c9d0e1f2', name: 'Zakelijke dienstverlening' },
  { id: 'industry:7e8f90a1b2c3d4e5f6a7b8c9d0e1f2a3', name: 'Zorg' },
  { id: 'industry:8f90a1b2c3d4e5f6a7b8c9d0e1f2a3b4', name: 'Agrarisch' },
] as const;
const SIZES = [
  { id: 'organizationsize:1a2b3c4d5e6f708192a3b4c5d6e7f809', name: '1-10' },
  { id: 'organizationsize:2b3c4d5e6f708192a3b4c5d6e7f8091a', name: '11-50' },
  { id: 'organizationsize:3c4d5e6f708192a3b4c5d6e7f8091a2b', name: '51-250' },
] as const;
// The firm's own employees: their phones must never be indexed as client numbers (docs/external-systems/pbx.md#caller-id-rules).
const MANAGERS = [
  {
    id: 'employee:a1b2c3d4e5f60718293a4b5c6d7e8f90',
    person_id: 'person:f0e1d2c3b4a5968778695a4b3c2d1e0f',
    name: 'Marieke Visser',
    work_phone: '030 230 40 50',
    work_mobile: '06-41234567',
    work_email: 'marieke@accountants-demo.nl',
  },
  {
    id: 'employee:b2c3d4e5f60718293a4b5c6d7e8f90a1',
    person_id: 'person:e1d2c3b4a5968778695a4b3c2d1e0f1a',
    name: 'Ruud de Boer',
    work_phone: '030 230 40 51',
    work_mobile: '06 52345678',
    work_email: 'ruud@accountants-demo.nl',
  },
  {
    id: 'employee:c3d4e5f60718293a4b5c6d7e8f90a1b2',
    person_id: 'person:d2c3b4a5968778695a4b3c2d1e0f1a2b',
    name: 'Priya Ramdin',
    work_phone: '+31 30 230 4052',
    work_mobile: '0613345678',
    work_email: 'priya@accountants-demo.nl',
  },
] as const;
const FUNCTIONS = ['Directeur', 'Eigenaar', 'DGA', 'Office manager', 'Financieel medewerker', 'Boekhouder', 'Vennoot'];

/** 30 hex chars unique per (seed, index); ids append a 2-hex salt per record type, so one hash serves all. */
function hexBase(seed: number, index: number): string {
  let out = '';
  for (let k = 0; k < 4; k++)
    out += mixSeed(seed, index * 4 + k)
      .toString(16)
      .padStart(8, '0');
  return out.slice(0, 30);
}
const hexId = (base: string, salt: number): string => base + salt.toString(16).padStart(2, '0');

// Never mutated in place (writes replace top-level values), so one empty list serves every record.
const NONE: JsonObject[] = [];
// Lookup objects are shared between records: the store only ever replaces top-level values, never mutates them.
const shared = (value: object): JsonObject => value as JsonObject;

function person(
  state: SimplicateState,
  base: string,
  index: number,
  salt: number,
  c: FakeContact,
  rng: Rng,
  ts: { created: string; updated: string },
): StoredRecord {
  const id = `person:${hexId(base, salt)}`;
  return {
    id,
    first_name: c.firstName,
    family_name_prefix: c.prefix,
    family_name: c.lastName,
    initials: c.initials,
    gender: c.gender,
    gender_id: `gender:${c.gender.toLowerCase()}`,
    email: rng.chance(0.2) ? c.email.replace(/@.*/, '@gmail.com') : null,
    phone: rng.chance(0.3) ? c.mobile : null,
    relation_number: String(50_000 + index * 2 + salt - 2),
    is_active: true,
    is_employee: 0,
    address: NONE,
    teams: NONE,
    interests: NONE,
    custom_fields: NONE,
    created_at: ts.created,
    updated_at: ts.updated,
    simplicate_url: state.deepLink('person', id),
  };
}

type Ts = { created: string; updated: string };

/** The visiting and postal address of an organization; one in five has a PO box as postal address. */
function addressesOf(
  company: FakeCompany,
  base: string,
  rng: Rng,
): { visiting: JsonObject; postal: JsonObject; differentPostal: boolean } {
  const visiting = {
    id: `address:${hexId(base, 4)}`,
    type: 'visiting',
    line_1: `${company.street} ${company.houseNumber}`,
    line_2: null,
    postal_code: company.postcode,
    locality: company.city,
    province: null,
    country: 'Nederland',
    country_code: 'NL',
    country_id: 'country:6f1b1f6e5a0b4e4f9e7d2a1c3b5d7f90',
  };
  const differentPostal = rng.chance(0.2);
  const postal = differentPostal
    ? {
        ...visiting,
        id: `address:${hexId(base, 5)}`,
        type: 'postal',
        line_1: `Postbus ${String(rng.int(1, 9999))}`,
      }
    : { ...visiting, id: `address:${hexId(base, 5)}`, type: 'postal' };
  return { visiting, postal, differentPostal };
}

/** The organization's contact person (and sometimes a second one), each linked to it. */
function seedContacts(
  state: SimplicateState,
  org: { seed: number; index: number; base: string; orgId: string; ts: Ts },
  company: FakeCompany,
  rng: Rng,
): void {
  const { seed, index, base, orgId, ts } = org;
  const contacts = [company.contact];
  if (rng.chance(0.15)) contacts.push(generateCompany(seed ^ 0x5bd1e995, index).contact);
  contacts.forEach((c, k) => {
    const rec = person(state, base, index, 2 + k, c, rng, ts);
    state.insert('person', rec);
    state.insertLink({
      id: `contactperson:${hexId(base, 6 + k)}`,
      organization_id: orgId,
      person_id: rec.id,
      is_active: true,
      work_function: rng.pick(FUNCTIONS),
      work_email: c.email,
      work_phone: rng.chance(0.6) ? c.phone : null,
      work_mobile: rng.chance(0.7) ? c.mobile : null,
      created_at: ts.created,
      updated_at: ts.updated,
    });
  });
}

/** Replaces the state with `orgs` generated organizations (and their contact persons) for `seed`. */
export function seedState(
  state: SimplicateState,
  seed: number,
  orgs: number,
  nowMs: number,
  format: (ms: number) => string,
): void {
  state.clear();
  const day = 86_400_000;
  for (let i = 0; i < orgs; i++) {
    const company = generateCompany(seed, i);
    const rng = createRng(mixSeed(seed ^ 0x5eed, i));
    const createdMs = nowMs - rng.int(200, 1500) * day - rng.int(0, day - 1);
    const updatedMs = Math.min(nowMs - 60_000, createdMs + rng.int(0, 190) * day + rng.int(0, day - 1));
    const ts = { created: format(createdMs), updated: format(updatedMs) };
    const base = hexBase(seed, i);
    const orgId = `organization:${hexId(base, 1)}`;
    const { visiting, postal, differentPostal } = addressesOf(company, base, rng);
    state.insert('organization', {
      id: orgId,
      name: company.name,
      coc_code: rng.chance(0.95) ? company.kvk : null,
      vat_number: rng.chance(0.85) ? company.vat : null,
      email: company.email,
      phone: rng.chance(0.95) ? company.phone : null,
      url: rng.chance(0.8) ? company.website : null,
      note: null,
      linkedin_url: null,
      relation_number: String(1000 + i),
      is_active: rng.chance(0.95),
      has_different_postal_address: differentPostal,
      visiting_address: visiting,
      postal_address: postal,
      relation_type: shared(rng.pick(RELATION_TYPES)),
      relation_manager: shared(rng.pick(MANAGERS)),
      teams: NONE,
      industry: shared(rng.pick(INDUSTRIES)),
      organizationsize: shared(rng.pick(SIZES)),
      interests: NONE,
      custom_fields: NONE,
      sbi_codes: NONE,
      allow_autocollect: false,
      created_at: ts.created,
      updated_at: ts.updated,
      simplicate_url: state.deepLink('organization', orgId),
    });
    seedContacts(state, { seed, index: i, base, orgId, ts }, company, rng);
  }
  state.nextRelationNumber = 1000 + orgs;
}
