import { describe, expect, it } from 'vitest';

import { comparableName, searchByName, suggestLinks } from './suggest.js';

const crm = [
  { externalId: 'o1', name: 'Bakkerij De Vries B.V.', kvk: '1234 5678', vat: null },
  { externalId: 'o2', name: 'De Vries Holding', kvk: null, vat: 'nl820471616b01' },
  { externalId: 'o3', name: 'Jansen Installatietechniek', kvk: '87654321', vat: 'NL820471616B01' },
  { externalId: 'o4', name: 'Kapsalon Vries', kvk: null, vat: null },
];

describe('suggestLinks', () => {
  it('matches on normalised KvK or VAT, says why, best first', () => {
    const suggestions = suggestLinks({ kvk: '87654321', vat: 'NL 8204.71.616.B01' }, crm);
    expect(suggestions.map((s) => [s.candidate.externalId, s.reasons])).toEqual([
      ['o3', ['kvk', 'vat']],
      ['o2', ['vat']],
    ]);
    expect(suggestLinks({ kvk: '12345678', vat: null }, crm).map((s) => s.candidate.externalId)).toEqual(['o1']);
  });

  it('suggests nothing for invalid or missing identifiers', () => {
    expect(suggestLinks({ kvk: '123', vat: null }, crm)).toEqual([]);
    expect(suggestLinks({ kvk: null, vat: null }, crm)).toEqual([]);
  });
});

describe('searchByName', () => {
  it('finds by words regardless of legal form and punctuation, exact first', () => {
    expect(comparableName('Bakkerij De Vries B.V.')).toBe('bakkerij de vries');
    expect(searchByName('vries', crm).map((s) => s.candidate.externalId)).toEqual(['o1', 'o2', 'o4']);
    expect(searchByName('de vries holding', crm).map((s) => s.candidate.externalId)).toEqual(['o2', 'o1']);
    expect(searchByName('kapsalon vries bv', crm)[0]?.candidate.externalId).toBe('o4');
  });
});
