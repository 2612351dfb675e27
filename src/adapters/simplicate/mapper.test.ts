// Pure mapping of Simplicate payloads (shapes of docs/external-systems/simplicate.md#organization, #person, #example-response), error bodies and timestamps.
import { describe, expect, it } from 'vitest';

import { mapSimplicateError } from './errors.js';
import { organizationPhones, parseOrganization, parsePerson, personPhones, toSourceCompany } from './mapper.js';
import { simplicateToIso, toSimplicateTime } from './time.js';

import type { SimplicatePerson } from './mapper.js';

const opts = { timeZone: 'Europe/Amsterdam' };

// The synthetic example of docs/external-systems/simplicate.md#example-response, plus a relation manager whose phones must be ignored.
const example = {
  id: 'organization:4f3ad2d1e1c2b8f1feaa21adb6c3a4f0',
  name: 'Bakkerij De Vries B.V.',
  coc_code: '12345678',
  vat_number: 'NL123456782B01',
  email: 'info@devries.nl',
  phone: '020 123 4567',
  url: 'https://devries.nl',
  relation_number: '1042',
  is_active: true,
  has_different_postal_address: true,
  visiting_address: {
    id: 'address:1',
    type: 'visiting',
    line_1: 'Dorpsstraat 1',
    line_2: '',
    postal_code: '1011 AB',
    locality: 'Amsterdam',
    country: 'Nederland',
    country_code: 'NL',
  },
  postal_address: { id: 'address:2', line_1: 'Postbus 12', postal_code: '1000 AA', locality: 'Amsterdam' },
  relation_manager: { id: 'employee:1', name: 'Marieke', work_phone: '030 230 40 50', work_mobile: '06 41234567' },
  linked_persons_contacts: [
    { id: 'contactperson:old', person_id: 'person:old', is_active: false, work_phone: '020 999 9999' },
    {
      id: 'contactperson:1',
      person_id: 'person:jan',
      is_active: true,
      work_function: 'Directeur',
      work_email: 'jan@devries.nl',
      work_phone: '020 123 4568',
      work_mobile: '06 12345678',
    },
  ],
  created_at: '2023-02-01 09:12:44',
  updated_at: '2024-05-03 14:00:10',
  simplicate_url: 'https://yourdomain.simplicate.nl/crm/organizations/x',
};
const jan = {
  id: 'person:jan',
  full_name: 'Jan van der Vries',
  first_name: 'Jan',
  family_name_prefix: 'van der',
  family_name: 'Vries',
  initials: 'J.P.',
  phone: '+31 6 87654321',
  relation_number: '2001',
  linked_as_contact_to_organization: [
    { id: 'contactperson:1', organization_id: example.id, name: 'Bakkerij De Vries B.V.' },
  ],
  updated_at: '2024-01-15 08:00:00',
  simplicate_url: 'https://yourdomain.simplicate.nl/crm/persons/jan',
};

const org = () => {
  const parsed = parseOrganization(example);
  if (!parsed.ok) throw new Error(parsed.error.message);
  return parsed.value;
};
const persons = (): Map<string, SimplicatePerson> => {
  const p = parsePerson(jan);
  if (!p.ok) throw new Error(p.error.message);
  return new Map([[p.value.id, p.value]]);
};

describe('toSourceCompany', () => {
  it('maps the documented organization example', () => {
    expect(toSourceCompany(org(), persons(), opts)).toEqual({
      externalId: example.id,
      name: 'Bakkerij De Vries B.V.',
      kvk: '12345678',
      vat: 'NL123456782B01',
      email: 'info@devries.nl',
      phone: '020 123 4567',
      relationNumber: '1042',
      visitingAddress: { line1: 'Dorpsstraat 1', line2: null, postcode: '1011 AB', city: 'Amsterdam', country: 'NL' },
      postalAddress: { line1: 'Postbus 12', line2: null, postcode: '1000 AA', city: 'Amsterdam', country: null },
      contactPerson: {
        externalId: 'person:jan',
        firstName: 'Jan',
        initials: 'J.P.',
        prefix: 'van der',
        lastName: 'Vries',
      },
      isActive: true,
      updatedAt: '2024-05-03T12:00:10.000Z',
      deepLink: example.simplicate_url,
    });
  });

  it('treats missing, null and empty values alike and has no separate postal address unless Simplicate says so', () => {
    const parsed = parseOrganization({
      id: 'organization:2',
      name: '',
      coc_code: null,
      has_different_postal_address: false,
      visiting_address: { line_1: 'Kerkstraat 5' },
      is_active: 0,
    });
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    const mapped = toSourceCompany(parsed.value, new Map(), opts);
    expect(mapped).toMatchObject({
      name: null,
      kvk: null,
      vat: null,
      contactPerson: null,
      isActive: false,
      updatedAt: null,
    });
    expect(mapped.postalAddress).toBeNull();
  });

  it('keeps the link name when the person could not be read', () => {
    const withName = { ...example, linked_persons_contacts: [{ person_id: 'person:x', name: 'Piet Jansen' }] };
    const parsed = parseOrganization(withName);
    if (!parsed.ok) throw new Error('parse');
    expect(toSourceCompany(parsed.value, new Map(), opts).contactPerson).toEqual({
      externalId: 'person:x',
      firstName: null,
      initials: null,
      prefix: null,
      lastName: 'Piet Jansen',
    });
  });

  it('reports an unreadable record with the field at fault', () => {
    const bad = parseOrganization({ name: 'No id' });
    expect(!bad.ok && bad.error.message).toContain('id:');
  });
});

describe('phones', () => {
  it('indexes the switchboard and each contact line, never the relation manager', () => {
    const phones = organizationPhones(org(), persons(), opts);
    expect(phones.map((p) => [p.recordKind, p.field, p.raw, p.personal])).toEqual([
      ['organization', 'phone', '020 123 4567', false],
      ['contact_person', 'work_phone', '020 999 9999', true],
      ['contact_person', 'work_phone', '020 123 4568', true],
      ['contact_person', 'work_mobile', '06 12345678', true],
    ]);
    const jansLine = phones[2];
    expect(jansLine).toMatchObject({
      name: 'Jan van der Vries',
      company: 'Bakkerij De Vries B.V.',
      kvk: '12345678',
      recordId: 'contactperson:1',
    });
    expect(phones.some((p) => p.raw.includes('230 40 50'))).toBe(false);
  });

  it('indexes a person’s own phone with their organization as context', () => {
    const [person] = persons().values();
    if (person === undefined) throw new Error('no person');
    expect(personPhones(person, opts)).toEqual([
      expect.objectContaining({
        recordKind: 'person',
        field: 'phone',
        raw: '+31 6 87654321',
        company: 'Bakkerij De Vries B.V.',
        personal: true,
        updatedAt: '2024-01-15T07:00:00.000Z',
      }),
    ]);
  });
});

describe('mapSimplicateError', () => {
  const body = (message: string) => ({ data: null, errors: [{ code: 1, type: 't', message }], debug: null });
  it('maps statuses to codes and keeps Simplicate’s message, also as its own words', () => {
    expect(mapSimplicateError(401, body('Invalid key'), undefined)).toEqual({
      code: 'auth_invalid',
      message: 'Simplicate: Invalid key',
      systemSaid: 'Invalid key',
    });
    // A server error's body is not Simplicate speaking: not quoted.
    expect(mapSimplicateError(502, body('Bad gateway page'), undefined)).not.toHaveProperty('systemSaid');
    expect(mapSimplicateError(403, null, undefined)).not.toHaveProperty('systemSaid');
    expect(mapSimplicateError(403, null, undefined).code).toBe('forbidden');
    expect(mapSimplicateError(404, body('gone'), undefined).code).toBe('not_found');
    expect(mapSimplicateError(429, null, 5000)).toMatchObject({ code: 'rate_limited', retryAfterMs: 5000 });
    expect(mapSimplicateError(429, null, undefined).retryAfterMs).toBe(10_000);
    expect(mapSimplicateError(502, null, undefined).code).toBe('transient');
    expect(mapSimplicateError(418, { message: 'teapot' }, undefined)).toEqual({
      code: 'unknown',
      message: 'Simplicate: teapot',
      systemSaid: 'teapot',
    });
  });
  it('turns 400/422 messages into field errors', () => {
    const res = mapSimplicateError(
      400,
      { errors: [{ message: 'name: is required' }, { message: 'something else' }] },
      undefined,
    );
    expect(res.code).toBe('rejected');
    // Simplicate's own words stay in `message`; the code tells the UI that the other system refused the value.
    expect(res.fieldErrors).toEqual([{ field: 'name', code: 'system_refused', message: 'is required' }]);
    expect(
      mapSimplicateError(422, { errors: [{ field: 'email', message: 'invalid' }] }, undefined).fieldErrors,
    ).toEqual([{ field: 'email', code: 'system_refused', message: 'invalid' }]);
  });
});

describe('timestamps', () => {
  it('converts Dutch wall time to UTC across DST, and back', () => {
    expect(simplicateToIso('2024-01-15 08:00:00', 'Europe/Amsterdam')).toBe('2024-01-15T07:00:00.000Z');
    expect(simplicateToIso('2024-07-01 14:00:00', 'Europe/Amsterdam')).toBe('2024-07-01T12:00:00.000Z');
    expect(simplicateToIso('2024-03-31 03:30:00', 'Europe/Amsterdam')).toBe('2024-03-31T01:30:00.000Z');
    expect(toSimplicateTime('2024-07-01T12:00:00.900Z', 'Europe/Amsterdam')).toBe('2024-07-01 14:00:00');
    expect(toSimplicateTime('2024-07-01 14:00:00', 'Europe/Amsterdam')).toBe('2024-07-01 14:00:00');
    expect(toSimplicateTime('nope', 'Europe/Amsterdam')).toBeNull();
    expect(simplicateToIso('01-07-2024', 'Europe/Amsterdam')).toBeNull();
  });

  it('keeps each instant of a day with a clock change exact after other times of that day and around it', () => {
    const wall = (iso: string): string | null => toSimplicateTime(iso, 'Europe/Amsterdam');
    // 2024-10-27: CEST ends at 01:00 UTC (03:00 → 02:00 local); neighbouring days are plain CEST / CET.
    expect(wall('2024-10-26T23:30:00Z')).toBe('2024-10-27 01:30:00');
    expect(wall('2024-10-27T00:30:00Z')).toBe('2024-10-27 02:30:00');
    expect(wall('2024-10-27T01:30:00Z')).toBe('2024-10-27 02:30:00');
    expect(wall('2024-10-27T22:00:00Z')).toBe('2024-10-27 23:00:00');
    expect(wall('2024-10-26T12:00:00Z')).toBe('2024-10-26 14:00:00');
    expect(wall('2024-10-28T12:00:00Z')).toBe('2024-10-28 13:00:00');
    expect(wall('2024-10-26T12:00:00Z')).toBe('2024-10-26 14:00:00');
    expect(simplicateToIso('2024-10-26 14:00:00', 'Europe/Amsterdam')).toBe('2024-10-26T12:00:00.000Z');
    expect(simplicateToIso('2024-10-28 13:00:00', 'Europe/Amsterdam')).toBe('2024-10-28T12:00:00.000Z');
    // Another zone keeps its own offsets.
    expect(toSimplicateTime('2024-10-26T12:00:00Z', 'America/New_York')).toBe('2024-10-26 08:00:00');
  });
});
