// Comparing intake records with the stored state, and mapping them to the sync's company and the phone index.
import { describe, expect, it } from 'vitest';

import {
  companyOfIntakeRecord,
  compareIntakeRecord,
  duplicateExternalIds,
  phoneRecordsOfIntakeRecord,
} from './record.js';

import type { IntakeRecord } from './record.js';

const base: IntakeRecord = {
  externalId: '1010',
  name: 'Bakkerij De Korenschoof B.V.',
  kvk: '12345678',
  vat: null,
  email: 'info@korenschoof.nl',
  phone: '020 123 4567',
  relationNumber: '1010',
  visitingAddress: { line1: 'Dorpsstraat 1', line2: null, postcode: '1234 AB', city: 'Amsterdam', country: 'NL' },
  postalAddress: null,
  contactPerson: {
    externalId: '1010-01',
    firstName: null,
    initials: 'J.',
    prefix: 'van',
    lastName: 'Dam',
    email: null,
    phone: '06 12345678',
  },
  updatedAt: '2026-12-08T09:30:00.000Z',
  active: true,
};

describe('compareIntakeRecord', () => {
  it('calls a first record changed and created, listing only the values it holds', () => {
    const result = compareIntakeRecord(null, base);
    expect(result.status === 'changed' && result.created).toBe(true);
    const fields = result.status === 'changed' ? result.fields.map((f) => f.field) : [];
    expect(fields).toContain('visitingAddress.city');
    expect(fields).not.toContain('postalAddress.city');
  });

  it('calls an identical record unchanged, whatever its updatedAt says', () => {
    expect(compareIntakeRecord(base, { ...base, updatedAt: '2026-12-09T00:00:00Z' })).toEqual({
      status: 'unchanged',
      reason: 'same',
    });
  });

  it('lists each changed value with old and new, nested ones by dotted name', () => {
    const visitingAddress = {
      line1: 'Dorpsstraat 1',
      line2: null,
      postcode: '1234 AB',
      city: 'Utrecht',
      country: 'NL',
    };
    const next = { ...base, phone: '020 765 4321', visitingAddress };
    const result = compareIntakeRecord(base, next);
    expect(result).toEqual({
      status: 'changed',
      created: false,
      fields: [
        { field: 'phone', old: '020 123 4567', new: '020 765 4321' },
        { field: 'visitingAddress.city', old: 'Amsterdam', new: 'Utrecht' },
      ],
    });
  });

  it('ignores a record older than the stored one (out of order) even when it differs', () => {
    const older = { ...base, name: 'Old name', updatedAt: '2026-12-01T00:00:00Z' };
    expect(compareIntakeRecord(base, older)).toEqual({ status: 'unchanged', reason: 'older' });
  });

  it('treats deactivation as a change of `active`', () => {
    const result = compareIntakeRecord(base, { ...base, active: false });
    expect(result.status === 'changed' && result.fields).toEqual([{ field: 'active', old: 'true', new: 'false' }]);
  });
});

describe('mappings', () => {
  it('maps to the sync company model with the contact person’s name parts', () => {
    const company = companyOfIntakeRecord(base);
    expect(company.contactPerson).toEqual({
      externalId: '1010-01',
      firstName: null,
      initials: 'J.',
      prefix: 'van',
      lastName: 'Dam',
    });
    expect(company.isActive).toBe(true);
  });

  it('gives the switchboard and the contact person’s number, none once deactivated', () => {
    const phones = phoneRecordsOfIntakeRecord('radar', base, '2026-12-08T10:00:00.000Z');
    expect(phones.map((p) => [p.recordKind, p.raw, p.personal, p.companyId, p.name])).toEqual([
      ['organization', '020 123 4567', false, '1010', 'Bakkerij De Korenschoof B.V.'],
      ['contact_person', '06 12345678', true, '1010', 'J. van Dam'],
    ]);
    expect(phoneRecordsOfIntakeRecord('radar', { ...base, active: false }, 'x')).toEqual([]);
  });

  it('finds external ids given twice', () => {
    expect([...duplicateExternalIds(['1', '2', null, '1', null])]).toEqual(['1']);
  });
});
