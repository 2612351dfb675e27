import { describe, expect, it } from 'vitest';

import { buildCallerView, classifyCaller, lookupNumberOf, restrictView } from './caller-view.js';

import type { CallerOptions, IndexedNumber } from './caller-view.js';

const options: CallerOptions = { defaultCountry: 'NL', minTailDigits: 9, minSuffixDigits: 6 };

function hit(partial: Partial<IndexedNumber> & Pick<IndexedNumber, 'e164' | 'recordId'>): IndexedNumber {
  return {
    connectionId: 'c1',
    source: 'accountview',
    recordKind: 'debtor',
    field: 'TEL_BUS',
    raw: partial.e164,
    personal: false,
    name: `record ${partial.recordId}`,
    company: `company ${partial.recordId}`,
    companyId: partial.recordId,
    kvk: null,
    relationNumber: partial.recordId,
    deepLink: null,
    ...partial,
  };
}

describe('classifyCaller', () => {
  it('reads PBX numbers in every format as E.164', () => {
    for (const raw of [
      '020-123 45 67',
      '+31 (0)20 1234567',
      '0031201234567',
      'tel:+31201234567',
      '"Bakker" <sip:+31201234567@pbx>',
    ]) {
      const caller = classifyCaller(raw, options);
      expect(caller.kind, raw).toBe('e164');
      expect(lookupNumberOf(caller), raw).toBe('+31201234567');
    }
  });

  it('says explicitly when there is nothing to look up', () => {
    expect(classifyCaller('', options).kind).toBe('withheld');
    expect(classifyCaller('Anonymous', options).kind).toBe('withheld');
    expect(classifyCaller('203', options)).toEqual({ kind: 'internal', raw: '203', extension: '203' });
    expect(classifyCaller('0612', options).kind).toBe('too_short');
    expect(classifyCaller('KvK 12345678', options).kind).toBe('invalid');
    for (const raw of ['', '203', '0612', 'KvK 12345678'])
      expect(lookupNumberOf(classifyCaller(raw, options))).toBeNull();
  });

  it('looks up a truncated caller (only the last digits) as a suffix', () => {
    const caller = classifyCaller('1234567', options);
    expect(caller).toEqual({ kind: 'partial', raw: '1234567', digits: '1234567' });
    const view = buildCallerView(caller, [hit({ e164: '+31201234567', recordId: 'a' })], options);
    expect(view.result).toBe('match');
    expect(view.companies[0]?.records[0]?.matchKind).toBe('suffix');
  });
});

describe('buildCallerView', () => {
  const caller = classifyCaller('020 123 4567', options);

  it('ranks a person’s direct line above the switchboard of the same company and groups them', () => {
    const view = buildCallerView(
      caller,
      [
        hit({ e164: '+31201234567', recordId: 'org', field: 'TEL_BUS', companyId: 'org' }),
        hit({
          e164: '+31201234567',
          recordId: 'org',
          field: 'TEL_MOB',
          personal: true,
          name: 'Jan de Vries',
          companyId: 'org',
        }),
      ],
      options,
    );
    expect(view.result).toBe('match');
    expect(view.ambiguous).toBe(false);
    expect(view.companies).toHaveLength(1);
    expect(view.companies[0]?.records.map((r) => r.field)).toEqual(['TEL_MOB', 'TEL_BUS']);
  });

  it('orders exact before suffix before tail and flags equally good companies as ambiguous', () => {
    const view = buildCallerView(
      caller,
      [
        hit({ e164: '+32201234567', recordId: 'tail' }),
        hit({ e164: '+31201234567', recordId: 'exact1' }),
        hit({ e164: '+31201234567', recordId: 'exact2' }),
      ],
      options,
    );
    expect(view.companies.map((c) => c.bestKind)).toEqual(['exact', 'exact', 'tail']);
    expect(view.ambiguous).toBe(true);
    expect(view.matchCount).toBe(3);
  });

  it('treats the same KvK number in two systems as one company, not an ambiguity', () => {
    const view = buildCallerView(
      caller,
      [
        hit({ e164: '+31201234567', recordId: '10042', kvk: '1234 5678', connectionId: 'av' }),
        hit({ e164: '+31201234567', recordId: 'org-1', kvk: '12345678', connectionId: 'crm', source: 'simplicate' }),
      ],
      options,
    );
    expect(view.companies).toHaveLength(1);
    expect(view.ambiguous).toBe(false);
    expect(view.companies[0]?.kvk).toBe('12345678');
    expect(view.companies[0]?.records.map((r) => r.source).sort()).toEqual(['accountview', 'simplicate']);
  });

  it('answers no_match for an unknown caller and ignores hits that do not match', () => {
    const view = buildCallerView(caller, [hit({ e164: '+31301234999', recordId: 'x' })], options);
    expect(view).toMatchObject({ result: 'no_match', companies: [], matchCount: 0, bestKind: null });
  });

  it('restricts a view to the sources a user is assigned to', () => {
    const view = buildCallerView(
      caller,
      [
        hit({ e164: '+31201234567', recordId: 'a', connectionId: 'c1' }),
        hit({ e164: '+31201234567', recordId: 'b', connectionId: 'c2' }),
      ],
      options,
    );
    expect(view.ambiguous).toBe(true);
    const mine = restrictView(view, new Set(['c2']), options);
    expect(mine.companies.map((c) => c.records[0]?.recordId)).toEqual(['b']);
    expect(mine.ambiguous).toBe(false);
    expect(restrictView(view, new Set(['c3']), options).result).toBe('no_match');
  });
});
