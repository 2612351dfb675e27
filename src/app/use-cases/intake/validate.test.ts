// Per-record checking of intake batches: normalisation, field errors with codes, duplicates.
import { describe, expect, it } from 'vitest';

import { checkRecords } from './validate.js';

describe('checkRecords', () => {
  it('normalises a minimal record: trimmed text, empty as null, active by default, updatedAt in UTC', () => {
    const { valid, rejected } = checkRecords([
      { externalId: ' 42 ', name: '  Acme  ', phone: '', updatedAt: '2026-12-08T10:30:00+01:00' },
    ]);
    expect(rejected).toEqual([]);
    expect(valid[0]?.record).toMatchObject({
      externalId: '42',
      name: 'Acme',
      phone: null,
      active: true,
      contactPerson: null,
      updatedAt: '2026-12-08T09:30:00.000Z',
    });
  });

  it('rejects each bad record alone, naming every field with a stable code', () => {
    const { valid, rejected } = checkRecords([
      { externalId: 'ok' },
      { name: 'no id', colour: 'red', updatedAt: 'yesterday', contactPerson: { email: 5 } },
    ]);
    expect(valid.map((v) => v.index)).toEqual([0]);
    expect(rejected[0]?.index).toBe(1);
    expect(rejected[0]?.errors.map((e) => [e.field, e.code])).toEqual(
      expect.arrayContaining([
        ['externalId', 'required'],
        ['colour', 'unknown_field'],
        ['updatedAt', 'invalid_value'],
        ['contactPerson.email', 'invalid_type'],
      ]),
    );
  });

  it('rejects every record of an external id given twice, and names an overlong value', () => {
    const { valid, rejected } = checkRecords([
      { externalId: 'a' },
      { externalId: 'a', name: 'again' },
      { externalId: 'b', name: 'x'.repeat(201) },
    ]);
    expect(valid).toEqual([]);
    expect(rejected.map((r) => [r.index, r.errors[0]?.code])).toEqual([
      [0, 'duplicate_external_id'],
      [1, 'duplicate_external_id'],
      [2, 'too_long'],
    ]);
  });
});
