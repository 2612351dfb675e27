import { describe, expect, it } from 'vitest';

import page from './fixtures/ar1-page.json' with { type: 'json' };
import {
  contactPageQuery,
  contactRowSchema,
  splitContactName,
  toDateLiteral,
  toPhoneRecords,
  toSourceCompany,
} from './mapper.js';

const [full, sparse] = page.CONTACT.map((row) => contactRowSchema.parse(row));
if (full === undefined || sparse === undefined) throw new Error('fixture needs two rows');

describe('toPhoneRecords', () => {
  it('indexes TEL_BUS as the switchboard and TEL_MOB as the main contact’s mobile, never FAX_BUS or CHN_TEL', () => {
    const records = toPhoneRecords(full, 'debtor');
    expect(records).toEqual([
      expect.objectContaining({
        field: 'TEL_BUS',
        raw: '020 - 123 45 67',
        name: 'Bakkerij De Vries B.V.',
        personal: false,
      }),
      expect.objectContaining({ field: 'TEL_MOB', raw: '06-12345678', name: 'Jan van der Berg', personal: true }),
    ]);
    expect(records[0]).toMatchObject({
      source: 'accountview',
      recordKind: 'debtor',
      recordId: '100001',
      company: 'Bakkerij De Vries B.V.',
      kvk: '12345678',
      relationNumber: '100001',
      updatedAt: '2024-05-03T14:00:10',
    });
  });

  it('skips empty and blank phone fields and labels creditors', () => {
    expect(toPhoneRecords(sparse, 'creditor')).toEqual([]);
    const onlyMobile = contactRowSchema.parse({ SUB_NR: 900001, TEL_MOB: '+31 6 1234 5678' });
    expect(toPhoneRecords(onlyMobile, 'creditor')).toEqual([
      expect.objectContaining({ recordId: '900001', recordKind: 'creditor', name: '900001', field: 'TEL_MOB' }),
    ]);
  });
});

describe('toSourceCompany', () => {
  it('maps a debtor with its address and contact person', () => {
    expect(toSourceCompany(full)).toEqual({
      externalId: '100001',
      name: 'Bakkerij De Vries B.V.',
      kvk: '12345678',
      vat: 'NL123456782B01',
      email: 'info@bakkerijdevries.nl',
      phone: '020 - 123 45 67',
      relationNumber: '100001',
      visitingAddress: { line1: 'Dorpsstraat 1', line2: null, postcode: '1011 AB', city: 'Amsterdam', country: 'NL' },
      postalAddress: null,
      contactPerson: { firstName: 'Jan', initials: 'J.', prefix: 'van der', lastName: 'Berg', externalId: null },
      isActive: true,
      updatedAt: '2024-05-03T14:00:10',
      deepLink: null,
    });
  });

  it('turns empty strings into null and REC_BLK into inactive', () => {
    expect(toSourceCompany(sparse)).toMatchObject({
      kvk: null,
      email: null,
      visitingAddress: null,
      contactPerson: null,
      isActive: false,
    });
  });
});

describe('splitContactName', () => {
  it.each([
    ['Jan van der Berg', { firstName: 'Jan', initials: 'J.', prefix: 'van der', lastName: 'Berg' }],
    ['J.P. de Vries', { firstName: null, initials: 'J.P.', prefix: 'de', lastName: 'Vries' }],
    ['Sanne Jansen', { firstName: 'Sanne', initials: 'S.', prefix: null, lastName: 'Jansen' }],
    ['Pieter van', { firstName: 'Pieter', initials: 'P.', prefix: null, lastName: 'van' }],
    ['Bakker', { firstName: null, initials: null, prefix: null, lastName: 'Bakker' }],
  ])('%s', (input, expected) => {
    expect(splitContactName(input)).toEqual(expected);
  });

  it('returns null for an empty name', () => {
    expect(splitContactName('   ')).toBeNull();
  });
});

describe('data query', () => {
  it('formats CNG_DATE as a FoxPro datetime literal', () => {
    expect(toDateLiteral('2024-01-31T10:00:00')).toBe('{^2024-01-31 10:00:00}');
    expect(toDateLiteral('31-01-2024')).toBeNull();
  });

  it('asks for one page of debtors after a key, modified since the cursor', () => {
    const q = contactPageQuery({
      kind: 'debtor',
      pageSize: 500,
      fields: ['SUB_NR', 'TEL_BUS'],
      lastKey: '100500',
      cursor: { modifiedSince: '2024-01-31T10:00:00' },
    });
    expect(Object.fromEntries(q)).toEqual({
      BusinessObject: 'AR1',
      PageSize: '500',
      Fields: 'SUB_NR,TEL_BUS',
      lastKey: '100500',
      FilterControlSource1: 'CNG_DATE',
      FilterOperator1: 'DateOnOrAfterDate',
      FilterValueType1: 'T',
      FilterValue1: '{^2024-01-31 10:00:00}',
      FilterIsListOfValues1: 'false',
    });
  });

  it('has no filter for a full sync and numbers a SUB_NR filter after it', () => {
    const full = contactPageQuery({ kind: 'creditor', pageSize: 1, fields: ['SUB_NR'], lastKey: null, cursor: null });
    expect(full.get('BusinessObject')).toBe('AP1');
    expect(full.has('FilterControlSource1')).toBe(false);
    const one = contactPageQuery({
      kind: 'debtor',
      pageSize: 1,
      fields: ['SUB_NR'],
      lastKey: null,
      cursor: { modifiedSince: '2024-01-31T10:00:00' },
      subNr: '100001',
    });
    expect(one.get('FilterControlSource2')).toBe('SUB_NR');
    expect(one.get('FilterValue2')).toBe('100001');
  });
});
