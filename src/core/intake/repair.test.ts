import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { expandScientific, parseActive, repairCell } from './repair.js';

import type { IntakeTarget } from './file-record.js';

const repair = (text: string, target: IntakeTarget) => repairCell({ kind: 'text', text }, { column: 'C', target });

describe('repairCell', () => {
  it.each([
    ['612345678', 'phone', '0612345678', ['leading_zero_restored']],
    ['201234567', 'phone', '0201234567', ['leading_zero_restored']],
    ['31612345678', 'phone', '+31612345678', ['plus_restored']],
    ['3231234567', 'phone', '+3231234567', ['plus_restored']],
    ['0612345678', 'phone', '0612345678', []],
    ['6,12345678E+08', 'phone', '0612345678', ['scientific_notation_expanded', 'leading_zero_restored']],
    ['1234567', 'kvk', '01234567', ['leading_zero_restored']],
    ['12345678.0', 'kvk', '12345678', ['decimal_zero_dropped']],
    ['1,2345678E+07', 'kvk', '12345678', ['scientific_notation_expanded']],
    ['  Bakkerij\u00a0', 'companyName', 'Bakkerij', ['whitespace_trimmed']],
    ['1010-01', 'externalId', '1010-01', []],
    ['4,6E+01', 'companyName', '4,6E+01', []],
  ] as const)('%j as %s → %j with notes %j', (text, target, value, notes) => {
    const result = repair(text, target);
    expect(result.ok && result.value).toBe(value);
    expect(result.ok && result.notes.map((note) => note.code)).toEqual(notes);
  });

  it('rejects scientific notation that lost digits, naming the value', () => {
    expect(repair('1,23E+07', 'kvk')).toEqual({
      ok: false,
      issue: { code: 'digits_lost', column: 'C', field: 'kvk', value: '1,23E+07' },
    });
    expect(repair('3,16123E+10', 'phone').ok).toBe(false);
  });

  it('reads dates: serials (Amsterdam time, summer and winter), Dutch day-first text, ISO with and without zone', () => {
    const date = (text: string) => {
      const result = repair(text, 'updatedAt');
      return result.ok ? result.value : result.issue.detail;
    };
    expect(date('46000,5')).toBe('2025-12-09T11:00:00.000Z');
    expect(date('46206.5')).toBe('2026-07-03T10:00:00.000Z');
    expect(date('3-7-2026')).toBe('2026-07-02T22:00:00.000Z');
    expect(date('03/07/2026 14:05:09')).toBe('2026-07-03T12:05:09.000Z');
    expect(date('2026-01-15 08:00')).toBe('2026-01-15T07:00:00.000Z');
    expect(date('2026-01-15T08:00:00Z')).toBe('2026-01-15T08:00:00.000Z');
    expect(date('31-02-2026')).toBe('not_a_date');
    expect(date('12')).toBe('not_a_date');
    // The hour that happens twice at the end of October is read as the first (summer time) one.
    expect(date('25-10-2026 02:30')).toBe('2026-10-25T00:30:00.000Z');
  });

  it('the date serial conversion is reported as a note', () => {
    const result = repair('46000', 'updatedAt');
    expect(result.ok && result.notes).toEqual([
      { code: 'date_serial_converted', column: 'C', field: 'updatedAt', from: '46000', to: '2025-12-08T23:00:00.000Z' },
    ]);
  });

  it('reads the active flags exports write', () => {
    expect(['Ja', 'WAAR', 'actief', '1', 'x'].map(parseActive)).toEqual([true, true, true, true, true]);
    expect(['Nee', 'ONWAAR', 'Inactief', '0', 'Beëindigd'].map(parseActive)).toEqual([
      false,
      false,
      false,
      false,
      false,
    ]);
    expect(parseActive('misschien')).toBeUndefined();
  });
});

describe('expandScientific', () => {
  it('gives back every integer Excel shows with all its digits, and refuses any shown with fewer', () => {
    fc.assert(
      fc.property(fc.integer({ min: 10, max: 999_999_999_999 }), fc.constantFrom(',', '.'), (n, comma) => {
        const digits = String(n);
        const exponent = digits.length - 1;
        const full = `${digits[0] ?? ''}${comma}${digits.slice(1)}E+${String(exponent).padStart(2, '0')}`;
        expect(expandScientific(full)).toEqual({ digits });
        const kept = digits.slice(1, exponent);
        const shortened = `${digits[0] ?? ''}${kept === '' ? '' : comma + kept}E+${String(exponent)}`;
        expect(expandScientific(shortened)).toEqual({ digits: null });
      }),
    );
  });

  it('is not fooled by text that is not scientific notation', () => {
    expect(expandScientific('12345678')).toBeNull();
    expect(expandScientific('E+07')).toBeNull();
    expect(expandScientific('1,2E+07x')).toBeNull();
  });
});
