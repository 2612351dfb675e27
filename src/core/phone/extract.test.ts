import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { extractPhones } from './extract.js';
import { normalizePhone } from './normalize.js';

import type { PhoneExtraction } from './extract.js';
import type { NormalizeOptions } from './normalize.js';

const NL: NormalizeOptions = { defaultCountry: 'NL' };
const e164s = (result: PhoneExtraction): string[] =>
  result.kind === 'numbers' ? result.numbers.map((n) => n.e164) : [];

describe('extractPhones: values as typed in CRMs and accounting systems', () => {
  it.each([
    ['tel. 020-1234567 (receptie)', ['+31201234567']],
    ['Tel: +31 (0)20 123 45 67', ['+31201234567']],
    ['Telefoon: 020.123.45.67', ['+31201234567']],
    ['Mob: 06 12 34 56 78 (alleen ochtend)', ['+31612345678']],
    ['mobiel 06-12345678', ['+31612345678']],
    ['gsm 0612345678', ['+31612345678']],
    ['privé 06-12345678; werk 020 1234567', ['+31612345678', '+31201234567']],
    ['020-1234567 / 06-12345678', ['+31201234567', '+31612345678']],
    ['020 1234567 of 06 12345678', ['+31201234567', '+31612345678']],
    ['Kantoor 010 - 123 45 67, mobiel 06-1234 5678', ['+31101234567', '+31612345678']],
    ['cell +31 6 1234 5678', ['+31612345678']],
    ['office: 0031 20 1234567', ['+31201234567']],
    ['home (0)20 1234567', ['+31201234567']],
    ['fax 020/1234568', ['+31201234568']],
    ['tel:+31201234567', ['+31201234567']],
    ['0513 123456', ['+31513123456']],
    ['020 1234567 / 020-1234567', ['+31201234567']],
  ])('%s → %j', (raw, expected) => {
    expect(e164s(extractPhones(raw, NL))).toEqual(expected);
  });

  it('keeps an extension in brackets', () => {
    const result = extractPhones('+31 20 123 4567 (toestel 12) (receptie)', NL);
    expect(result.kind === 'numbers' && result.numbers[0]).toMatchObject({ e164: '+31201234567', extension: '12' });
  });

  it('keeps an extension and the raw value of the field', () => {
    const result = extractPhones('werk 020 1234567 toestel 12', NL);
    expect(result.kind === 'numbers' && result.numbers[0]).toMatchObject({
      e164: '+31201234567',
      extension: '12',
      raw: 'werk 020 1234567 toestel 12',
    });
  });

  it.each([
    ['12345678', 'not_a_phone_number'],
    ['KvK 12345678', 'not_a_phone_number'],
    ['NL123456789B01', 'not_a_phone_number'],
    ['1234 AB', 'not_a_phone_number'],
    ['NL91 ABNA 0417 1643 00', 'not_a_phone_number'],
    ['01-02-2020', 'not_a_phone_number'],
    ['2020-01-02', 'not_a_phone_number'],
    ['zie website', 'not_a_phone_number'],
    ['06 1234567', 'invalid_for_region'],
    ['12', 'too_short'],
  ])('refuses %s (%s)', (raw, reason) => {
    expect(extractPhones(raw, NL)).toEqual({ kind: 'unreadable', reason });
  });

  it('treats an empty field as empty, not as unreadable', () => {
    expect(extractPhones('  ', NL)).toEqual({ kind: 'empty' });
    expect(extractPhones('-', NL)).toEqual({ kind: 'empty' });
  });
});

// Valid Dutch numbers: an area (fixed 0[1-5,7]x or mobile 06) and a subscriber, kept when libphonenumber-js says valid.
const area = fc.constantFrom('10', '20', '30', '40', '50', '70', '72', '118', '513', '570', '6');
const dutchNumber = fc
  .tuple(area, fc.integer({ min: 1_000_000, max: 99_999_999 }))
  .map(([a, n]) => ({ area: a, subscriber: String(n).slice(0, 9 - a.length) }))
  .filter(({ area: a, subscriber }) => a !== '6' || /^[1-5]/.test(subscriber))
  .filter(({ area: a, subscriber }) => normalizePhone(`0${a}${subscriber}`, NL).kind === 'e164');

const separator = fc.constantFrom(' ', '-', '.', '', ' - ');
const prefix = fc.constantFrom('0', '+31 ', '+31', '0031 ', '+31 (0)', '0031 (0)');
const label = fc.constantFrom(
  '',
  'tel. ',
  'Tel: ',
  'telefoon ',
  'mob. ',
  'Mobiel: ',
  'gsm ',
  'werk ',
  'kantoor: ',
  'privé ',
  'prive ',
  'fax ',
  'phone: ',
  'Mobile ',
  'cell ',
  'work ',
  'Office: ',
  'home ',
);
const remark = fc.constantFrom('', ' (alleen ochtend)', ' (receptie)', ' (privé)', ' (na 17u)');
const joiner = fc.constantFrom(' / ', ' of ', '; ', ', ', ' or ', ' en ', '/');

const typed = fc.tuple(dutchNumber, prefix, separator, separator, label, remark).map(([n, p, s1, s2, l, r]) => {
  const half = Math.ceil(n.subscriber.length / 2);
  const text = `${l}${p}${n.area}${s1}${n.subscriber.slice(0, half)}${s2}${n.subscriber.slice(half)}${r}`;
  return { text, e164: `+31${n.area}${n.subscriber}` };
});

describe('extractPhones: properties', () => {
  it('extracts every valid Dutch number, however it is typed', () => {
    fc.assert(
      fc.property(typed, ({ text, e164 }) => {
        expect(e164s(extractPhones(text, NL))).toEqual([e164]);
      }),
      { numRuns: 500 },
    );
  });

  it('extracts both numbers of a field that holds two', () => {
    fc.assert(
      fc.property(typed, typed, joiner, (a, b, j) => {
        fc.pre(a.e164 !== b.e164);
        expect(e164s(extractPhones(`${a.text}${j}${b.text}`, NL))).toEqual([a.e164, b.e164]);
      }),
      { numRuns: 300 },
    );
  });

  const digits = (n: number): fc.Arbitrary<string> =>
    fc.string({ unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'), minLength: n, maxLength: n });
  const letters = (n: number): fc.Arbitrary<string> =>
    fc.string({
      unit: fc.constantFrom('A', 'B', 'C', 'K', 'N', 'L', 'R', 'S', 'T', 'X', 'Z'),
      minLength: n,
      maxLength: n,
    });
  const kvk = fc
    .tuple(fc.integer({ min: 1, max: 9 }), digits(7), fc.constantFrom('', 'KvK ', 'kvk: ', 'KvK-nr. '))
    .map(([d, rest, l]) => `${l}${d}${rest}`);
  const vat = fc.tuple(digits(9), digits(2), fc.constantFrom('', 'BTW ')).map(([d, s, l]) => `${l}NL${d}B${s}`);
  const postcode = fc
    .tuple(fc.integer({ min: 1000, max: 9999 }), letters(2), fc.constantFrom(' ', ''))
    .map(([n, l, s]) => `${n}${s}${l}`);
  const iban = fc.tuple(digits(2), letters(4), digits(10), fc.boolean()).map(([c, bank, acct, spaced]) => {
    const text = `NL${c}${bank}${acct}`;
    return spaced ? (text.match(/.{1,4}/g) ?? []).join(' ') : text;
  });
  const date = fc
    .tuple(fc.integer({ min: 1, max: 28 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1950, max: 2030 }))
    .chain(([d, m, y]) =>
      fc.constantFrom(
        `${d}-${m}-${y}`,
        `${d}/${m}/${y}`,
        `${d}.${m}.${y}`,
        `${y}-${m}-${d}`,
        `${String(d).padStart(2, '0')}-${String(m).padStart(2, '0')}-${y}`,
      ),
    );

  it('extracts nothing from KvK numbers, VAT ids, postcodes, IBANs and dates', () => {
    fc.assert(
      fc.property(fc.oneof(kvk, vat, postcode, iban, date), (text) => {
        expect(extractPhones(text, NL).kind).toBe('unreadable');
      }),
      { numRuns: 1000 },
    );
  });
});
