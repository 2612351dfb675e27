import { describe, expect, it } from 'vitest';

import { buildCallerView, classifyCaller } from './caller-view.js';
import { handsetName } from './display-name.js';

import type { CallerOptions, IndexedNumber } from './caller-view.js';

const options: CallerOptions = { defaultCountry: 'NL', minTailDigits: 9, minSuffixDigits: 6 };

function hit(partial: Partial<IndexedNumber> & Pick<IndexedNumber, 'recordId'>): IndexedNumber {
  return {
    connectionId: 'c1',
    source: 'accountview',
    recordKind: 'contact',
    field: 'TEL_BUS',
    e164: '+31201234567',
    raw: '020 1234567',
    personal: true,
    name: 'Jan de Vries',
    company: 'Bakkerij De Vries',
    companyId: 'org-1',
    kvk: null,
    relationNumber: null,
    deepLink: null,
    ...partial,
  };
}

const nameFor = (hits: IndexedNumber[], raw = '0201234567') =>
  handsetName(buildCallerView(classifyCaller(raw, options), hits, options));

describe('handsetName', () => {
  it('names the company and the person whose number it is', () => {
    expect(nameFor([hit({ recordId: 'p1' })])).toBe('Bakkerij De Vries - Jan de Vries');
  });

  it('names the company alone for its own number, and the person alone without a company', () => {
    expect(nameFor([hit({ recordId: 'o1', name: 'Bakkerij De Vries', personal: false })])).toBe('Bakkerij De Vries');
    expect(nameFor([hit({ recordId: 'p2', company: null, companyId: null })])).toBe('Jan de Vries');
  });

  it('keeps one line of at most 40 characters', () => {
    const name = nameFor([hit({ recordId: 'p3', company: 'Groothandel\nin Bouwmaterialen Noord-Holland B.V.' })]);
    expect(name).toBe('Groothandel in Bouwmaterialen Noord-Holl');
    expect(name).toHaveLength(40);
  });

  it('is empty without a match, for a withheld caller and when several companies match equally well', () => {
    expect(nameFor([])).toBe('');
    expect(nameFor([hit({ recordId: 'p4' })], 'anonymous')).toBe('');
    const twins = [
      hit({ recordId: 'a', company: 'A', companyId: 'a', personal: false, name: 'A' }),
      hit({ recordId: 'b', company: 'B', companyId: 'b', personal: false, name: 'B' }),
    ];
    expect(nameFor(twins)).toBe('');
  });
});
