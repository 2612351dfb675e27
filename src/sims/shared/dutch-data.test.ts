// Checks the generated Dutch firm data: checksums, formats, determinism and independence of indices.
import { describe, expect, it } from 'vitest';

import { formatPhoneAsTyped, generateCompany, isValidDutchVat, isValidKvk } from './dutch-data.js';
import { createRng } from './random.js';

const digits = (s: string): string => s.replace(/\D/g, '');
/** Reduces a typed Dutch number to its 10-digit national form (0 + 9 digits). */
const national = (s: string): string => {
  const d = digits(s.replace('(0)', ''));
  if (d.startsWith('0031')) return `0${d.slice(4)}`;
  if (d.startsWith('31')) return `0${d.slice(2)}`;
  return d;
};

describe('isValidDutchVat', () => {
  it('accepts the documented example and rejects a wrong check digit', () => {
    expect(isValidDutchVat('NL123456782B01')).toBe(true);
    expect(isValidDutchVat('NL123456783B01')).toBe(false);
  });
  it('accepts a sole-proprietor mod-97 number and tolerates spaces and lower case', () => {
    expect(isValidDutchVat('NL000099998B57')).toBe(true);
    expect(isValidDutchVat('nl 1234.56782 b01')).toBe(true);
  });
  it('rejects wrong shapes', () => {
    for (const bad of ['', 'NL123456782', 'NL12345678B01', 'BE0123456789', 'NL123456782B1', 'NL000000000B00']) {
      expect(isValidDutchVat(bad)).toBe(false);
    }
  });
});

describe('isValidKvk', () => {
  it('accepts 8 digits only', () => {
    expect(isValidKvk('12345678')).toBe(true);
    expect(isValidKvk('1234567')).toBe(false);
    expect(isValidKvk('123456789')).toBe(false);
    expect(isValidKvk('1234567a')).toBe(false);
    expect(isValidKvk('00000000')).toBe(false);
  });
});

describe('generateCompany', () => {
  const sample = Array.from({ length: 2000 }, (_, i) => generateCompany(42, i));

  it('is deterministic per (seed, index) and independent of generation order', () => {
    expect(generateCompany(42, 1234)).toEqual(sample[1234]);
    expect(generateCompany(42, 7)).toEqual(sample[7]);
    expect(generateCompany(43, 7)).not.toEqual(sample[7]);
  });

  it('gives every company a valid KvK number, BTW-id and postcode', () => {
    for (const c of sample) {
      expect(isValidKvk(c.kvk), c.kvk).toBe(true);
      expect(isValidDutchVat(c.vat), c.vat).toBe(true);
      expect(c.vat).toMatch(/^NL\d{9}B\d{2}$/);
      expect(c.postcode).toMatch(/^[1-9]\d{3} ?[A-Za-z]{2}$/);
      expect(c.postcode.toUpperCase()).not.toMatch(/S[ADS]$/);
      expect(c.country).toBe('NL');
    }
  });

  it('types phones as people do, but always as a real 10-digit Dutch number', () => {
    const styles = new Set<string>();
    for (const c of sample) {
      for (const phone of [c.phone, c.contact.phone]) {
        expect(national(phone), phone).toMatch(/^0[1-57-9]\d{8}$/);
        styles.add(phone.replace(/\d/g, '9'));
      }
      expect(national(c.contact.mobile), c.contact.mobile).toMatch(/^06[1-5]\d{7}$/);
    }
    // Messy input: several distinct shapes, including international and dashed forms.
    expect(styles.size).toBeGreaterThan(8);
    expect(sample.some((c) => c.phone.startsWith('+31 (0)'))).toBe(true);
    expect(sample.some((c) => c.phone.startsWith('0031'))).toBe(true);
    expect(sample.some((c) => /^0\d+-\d+$/.test(c.phone))).toBe(true);
  });

  it('uses Dutch legal forms, prefixes and some messy postcodes', () => {
    const names = sample.map((c) => c.name);
    expect(names.some((n) => n.endsWith('B.V.'))).toBe(true);
    expect(names.some((n) => n.includes('V.O.F.'))).toBe(true);
    expect(names.some((n) => n.startsWith('Holding '))).toBe(true);
    expect(sample.some((c) => c.contact.prefix === 'van der')).toBe(true);
    expect(sample.some((c) => /^\d{4}[a-z]{2}$/.test(c.postcode))).toBe(true);
    for (const c of sample) {
      expect(c.email).toMatch(/^[a-z0-9.]+@[a-z0-9.]+$/);
      expect(c.contact.initials).toMatch(/^([A-Z]\.)+$/);
      expect(c.contact.initials[0]).toBe(c.contact.firstName[0]);
    }
  });

  it('generates 100,000 companies lazily without per-index state', () => {
    const last = generateCompany(1, 99_999);
    expect(isValidDutchVat(last.vat)).toBe(true);
    expect(generateCompany(1, 99_999)).toEqual(last);
  });
});

describe('formatPhoneAsTyped', () => {
  it('keeps area-code digits for 3-digit areas and mobile numbers', () => {
    const rng = createRng(5);
    for (let i = 0; i < 50; i++) {
      expect(national(formatPhoneAsTyped(rng, '513', '123456'))).toBe('0513123456');
      expect(national(formatPhoneAsTyped(rng, '6', '12345678'))).toBe('0612345678');
    }
  });
});
