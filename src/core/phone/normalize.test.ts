import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { normalizePhone, toE164 } from './normalize.js';

import type { NormalizedPhone, NormalizeOptions } from './normalize.js';

const NL: NormalizeOptions = { defaultCountry: 'NL' };
const n = (raw: string, options: NormalizeOptions = NL): NormalizedPhone => normalizePhone(raw, options);

describe('normalizePhone: Dutch formats (docs/external-systems/pbx.md#caller-id-rules)', () => {
  it.each([
    ['020-123 45 67', '+31201234567', '020 123 4567'],
    ['+31 (0)20 1234567', '+31201234567', '020 123 4567'],
    ['0031201234567', '+31201234567', '020 123 4567'],
    ['0031 (0)20 1234567', '+31201234567', '020 123 4567'],
    ['(020) 123 45 67', '+31201234567', '020 123 4567'],
    ['020 - 123 45 67', '+31201234567', '020 123 4567'],
    ['31201234567', '+31201234567', '020 123 4567'],
    ['06-12345678', '+31612345678', '06 12345678'],
    ['+31 6 1234 5678', '+31612345678', '06 12345678'],
    ['+31(0)6-12345678', '+31612345678', '06 12345678'],
    ['612345678', '+31612345678', '06 12345678'],
    ['0570 123456', '+31570123456', '0570 123 456'],
    ['088 1234567', '+31881234567', '088 123 4567'],
    ['0800-0123', '+318000123', '0800 0123'],
  ])('%s → %s', (raw, e164, national) => {
    expect(n(raw)).toEqual({
      kind: 'e164',
      e164,
      national,
      raw,
      country: 'NL',
      extension: null,
      mobile: e164.startsWith('+316'),
    });
  });

  it('keeps the raw value exactly as given, surrounding spaces included', () => {
    const result = n('  020-123 45 67 ');
    expect(result.kind === 'e164' && result.raw).toBe('  020-123 45 67 ');
  });

  it('marks mobiles, not landlines', () => {
    expect(n('06 12345678')).toMatchObject({ mobile: true });
    expect(n('020 1234567')).toMatchObject({ mobile: false });
  });
});

describe('normalizePhone: foreign numbers', () => {
  it('keeps Belgian numbers with their own country code', () => {
    expect(n('+32 3 123 45 67')).toMatchObject({ kind: 'e164', e164: '+3231234567', country: 'BE' });
    expect(n('0032 3 123 45 67')).toMatchObject({ kind: 'e164', e164: '+3231234567', country: 'BE' });
    expect(n('+32 470 12 34 56')).toMatchObject({ kind: 'e164', e164: '+32470123456', country: 'BE', mobile: true });
  });

  it('handles German numbers with +49, 0049 and the (0) trunk digit', () => {
    expect(n('+49 30 1234567')).toMatchObject({ kind: 'e164', e164: '+49301234567', country: 'DE' });
    expect(n('0049 (0)89 1234567')).toMatchObject({ kind: 'e164', e164: '+49891234567', country: 'DE' });
    expect(n('+49 1512 3456789')).toMatchObject({ kind: 'e164', e164: '+4915123456789', mobile: true });
  });

  it('reads a national number as the default country, so a German 030 number without +49 is Utrecht', () => {
    expect(n('030 1234567')).toMatchObject({ e164: '+31301234567', country: 'NL' });
    expect(n('030 1234567', { defaultCountry: 'DE' })).toMatchObject({ e164: '+49301234567', country: 'DE' });
  });

  it('accepts a merely possible foreign number by default, and only valid ones when asked', () => {
    // 03 1xx xx xx is not issued in Belgium, but a number written with +32 is clearly meant as one.
    expect(n('+32 3 123 45 67', { defaultCountry: 'NL', foreignNumbers: 'valid' })).toEqual({
      kind: 'invalid',
      reason: 'not_valid',
    });
    expect(n('+32 470 12 34 56', { defaultCountry: 'NL', foreignNumbers: 'valid' })).toMatchObject({ kind: 'e164' });
  });

  it('rejects an unknown calling code', () => {
    expect(n('+999 1234567')).toEqual({ kind: 'invalid', reason: 'unknown_country_code' });
  });
});

describe('normalizePhone: extensions typed after the number', () => {
  it.each([
    '020 1234567 ext 12',
    '020 1234567 ext. 12',
    '020 1234567 extension 12',
    '020 1234567 (ext. 12)',
    '020 1234567 toestel 12',
    '020-1234567, toestel 12',
    '020 1234567 Toestelnr. 12',
    '020 1234567 tst. 12',
    '020 1234567 tst 12',
    '020 1234567 x12',
    '020 1234567 x 12',
    '020 1234567#12',
    '020 1234567;ext=12',
    'tel:+31-20-1234567;ext=12',
  ])('%s → +31201234567 with extension 12', (raw) => {
    expect(n(raw)).toMatchObject({ kind: 'e164', e164: '+31201234567', extension: '12', raw });
  });

  it('keeps a foreign number’s extension too', () => {
    expect(n('+32 3 123 45 67 poste 5')).toMatchObject({ e164: '+3231234567', extension: '5' });
  });
});

describe('normalizePhone: internal extensions and short codes', () => {
  it.each(['12', '201', '4711', '12345', '1 23'])('%s is an internal extension', (raw) => {
    expect(n(raw)).toEqual({ kind: 'extension', digits: raw.replace(/\s/g, '') });
  });

  it('honours a configured extension length', () => {
    expect(n('123456', { defaultCountry: 'NL', extensionDigits: { min: 3, max: 6 } })).toEqual({
      kind: 'extension',
      digits: '123456',
    });
    expect(n('12', { defaultCountry: 'NL', extensionDigits: { min: 3, max: 6 } })).toMatchObject({
      kind: 'too_short',
    });
  });

  it.each(['112', '144'])('emergency number %s is a short code, not an extension or a caller', (raw) => {
    expect(n(raw)).toEqual({ kind: 'too_short', digits: raw });
  });

  it('uses the configured short-code list', () => {
    expect(n('112', { defaultCountry: 'NL', shortCodes: [] })).toEqual({ kind: 'extension', digits: '112' });
    expect(n('1200', { defaultCountry: 'NL', shortCodes: ['1200'] })).toEqual({ kind: 'too_short', digits: '1200' });
  });

  it.each(['0', '06', '0800', '0 12'])('%s starting with 0 is too short, not an extension', (raw) => {
    expect(n(raw)).toMatchObject({ kind: 'too_short' });
  });
});

describe('normalizePhone: withheld numbers', () => {
  it.each([
    '',
    '   ',
    '+',
    '-',
    'anonymous',
    'Anonymous',
    'unknown',
    'UNKNOWN',
    'private',
    'Privé',
    'Anoniem',
    'onbekend',
    'restricted',
    'Nummer onderdrukt',
    'sip:anonymous@anonymous.invalid',
    '"Anonymous" <sip:anonymous@anonymous.invalid>',
  ])('%j is withheld', (raw) => {
    expect(n(raw)).toEqual({ kind: 'withheld' });
  });

  it('accepts extra markers case- and accent-insensitively', () => {
    expect(n('Geen nummer', { defaultCountry: 'NL', withheldMarkers: ['geen NUMMER'] })).toEqual({ kind: 'withheld' });
    expect(n('Geen nummer')).toEqual({ kind: 'invalid', reason: 'not_a_number' });
  });
});

describe('normalizePhone: SIP and tel URIs from PBXs', () => {
  it('takes the user part of a SIP URI', () => {
    expect(n('sip:+31201234567@pbx.example.nl')).toMatchObject({ kind: 'e164', e164: '+31201234567' });
    expect(n('"Jan" <sip:0201234567@10.0.0.1;user=phone>')).toMatchObject({ e164: '+31201234567' });
    expect(n('sip:201@pbx.local')).toEqual({ kind: 'extension', digits: '201' });
  });

  it('drops tel-URI parameters other than ext', () => {
    expect(n('tel:020-1234567;phone-context=+31')).toMatchObject({ e164: '+31201234567', extension: null });
  });
});

describe('normalizePhone: strings that are not phone numbers are never indexed', () => {
  it.each([
    ['12345678', 'KvK number'],
    ['0824.148.721', 'Belgian KBO/CoC number'],
    ['0824148721', 'Belgian KBO number without dots'],
    ['020123456', 'one digit short'],
  ])('%s (%s) is invalid', (raw) => {
    expect(n(raw)).toEqual({ kind: 'invalid', reason: 'not_valid' });
  });

  it.each(['NL820471616B01', 'BE 0824 148 721', 'KvK 12345678', 'BTW NL820471616B01', 'bel mij'])(
    '%s is not a number',
    (raw) => {
      expect(n(raw)).toEqual({ kind: 'invalid', reason: 'not_a_number' });
    },
  );

  it('rejects over-long digit strings', () => {
    expect(n('0201234567890')).toEqual({ kind: 'invalid', reason: 'too_long' });
  });

  it('never throws and never accepts a string of 6–8 bare digits as an NL number', () => {
    fc.assert(
      fc.property(
        fc.string({
          unit: fc.constantFrom('0', '1', '2', '3', '4', '5', '6', '7', '8', '9'),
          minLength: 6,
          maxLength: 8,
        }),
        (digits) => {
          const result = n(digits);
          // 8-digit 0800/0900 numbers exist; everything else of this length is not a real NL number.
          if (result.kind === 'e164') expect(result.e164).toMatch(/^\+31(800|900|906|909|14|8[4-8]|6)/);
        },
      ),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 40 }), (raw) => {
        expect(() => n(raw)).not.toThrow();
      }),
    );
  });
});

describe('toE164', () => {
  it('gives the E.164 form or null', () => {
    expect(toE164('06-12345678', NL)).toBe('+31612345678');
    expect(toE164('anonymous', NL)).toBeNull();
    expect(toE164('201', NL)).toBeNull();
  });
});
