import { describe, expect, it } from 'vitest';

import { invalidIntakeValues, mergeFileRecord } from './merge.js';

import type { IntakeRecord } from './record.js';

const contact = {
  externalId: 'C1',
  firstName: 'Jan',
  initials: 'J.',
  prefix: null,
  lastName: 'Jansen',
  email: null,
  phone: '06 12345678',
};

const stored: IntakeRecord = {
  externalId: '1010',
  name: 'Bakkerij B.V.',
  kvk: '12345678',
  vat: null,
  email: 'info@bakkerij.nl',
  phone: '020 123 4567',
  relationNumber: 'R1010',
  visitingAddress: { line1: 'Dorpsstraat 1', line2: 'achterom', postcode: '1011 AB', city: 'Amsterdam', country: 'NL' },
  postalAddress: null,
  contactPerson: contact,
  updatedAt: null,
  active: false,
};

describe('mergeFileRecord', () => {
  it('takes covered fields from the file (empty = cleared) and keeps every uncovered one', () => {
    const merged = mergeFileRecord(
      { externalId: '1010', fields: { email: 'nieuw@bakkerij.nl', visitingCity: null }, updatedAt: null, active: null },
      stored,
    );
    expect(merged).toEqual({
      ...stored,
      email: 'nieuw@bakkerij.nl',
      visitingAddress: { ...stored.visitingAddress, city: null },
    });
  });

  it('a new record has only what the file says, and is active', () => {
    const merged = mergeFileRecord(
      { externalId: '2', fields: { companyName: 'X', contactLastName: 'Vries' }, updatedAt: null, active: null },
      null,
    );
    expect(merged).toMatchObject({ name: 'X', kvk: null, visitingAddress: null, active: true });
    expect(merged.contactPerson).toMatchObject({ externalId: null, lastName: 'Vries', phone: null });
  });

  it("replaces the contact person's own e-mail and phone only when the file maps them", () => {
    const merged = mergeFileRecord(
      { externalId: '1010', fields: {}, updatedAt: null, active: true, contact: { email: 'jan@bakkerij.nl' } },
      stored,
    );
    expect(merged.contactPerson).toMatchObject({ email: 'jan@bakkerij.nl', phone: '06 12345678' });
    expect(merged.active).toBe(true);
  });
});

describe('invalidIntakeValues', () => {
  it('names each refused value with its validator reason; a foreign postcode is not checked as Dutch', () => {
    const record: IntakeRecord = {
      ...stored,
      kvk: '123',
      contactPerson: { ...contact, email: 'geen e-mail' },
      postalAddress: { line1: 'Hauptstr. 1', line2: null, postcode: '01067', city: 'Dresden', country: 'DE' },
    };
    expect(invalidIntakeValues(record).map((invalid) => invalid.field)).toEqual(['kvk', 'contactPerson.email']);
    expect(invalidIntakeValues(stored)).toEqual([]);
  });
});
