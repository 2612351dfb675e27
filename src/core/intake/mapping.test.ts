import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { headerKey } from './headers.js';
import { bindMapping, checkMapping, suggestMapping } from './mapping.js';
import { intakePresetIds, intakePresets } from './presets.js';

describe('suggestMapping', () => {
  it('maps Dutch headers, ignoring case, spaces, accents and punctuation, and lists the unknown ones', () => {
    const headers = [
      'Relatienummer',
      'Bedrijfsnaam',
      ' KvK nummer ',
      'BTW-nummer',
      'Contactpersoon',
      'Adres',
      'POSTCODE',
      'Plaats',
      'Telefoon',
      'E-mail',
      'Mobiel',
      'Opmerkingen',
      'Gewijzigd op',
    ];
    expect(suggestMapping(headers)).toEqual({
      mapping: {
        Relatienummer: 'externalId',
        Bedrijfsnaam: 'companyName',
        ' KvK nummer ': 'kvk',
        'BTW-nummer': 'vat',
        Contactpersoon: 'contactName',
        Adres: 'visitingStreet',
        POSTCODE: 'visitingPostcode',
        Plaats: 'visitingCity',
        Telefoon: 'phone',
        'E-mail': 'email',
        'Gewijzigd op': 'updatedAt',
      },
      // Mobiel would be a second phone column: only the first column gets a target.
      unknown: ['Mobiel', 'Opmerkingen'],
      externalIdMissing: false,
      checkAgainstYourExport: false,
    });
  });

  it('maps English headers and says when there is no external id column', () => {
    const suggestion = suggestMapping([
      'Company name',
      'Chamber of Commerce',
      'VAT number',
      'Zip code',
      'City',
      'Email',
    ]);
    expect(Object.values(suggestion.mapping)).toEqual([
      'companyName',
      'kvk',
      'vat',
      'visitingPostcode',
      'visitingCity',
      'email',
    ]);
    expect(suggestion.externalIdMissing).toBe(true);
  });
});

describe('suggestMapping with presets', () => {
  it('prefers a preset’s names and flags the result as to be checked against the user’s own export', () => {
    const suggestion = suggestMapping(['Relatienummer', 'Naam', 'Postadres', 'Postcode postadres'], 'radar');
    expect(suggestion.mapping).toEqual({
      Relatienummer: 'externalId',
      Naam: 'companyName',
      Postadres: 'postalStreet',
      'Postcode postadres': 'postalPostcode',
    });
    expect(suggestion.checkAgainstYourExport).toBe(true);
  });

  it('every preset maps its own columns completely and is marked as an assumption', () => {
    for (const id of intakePresetIds) {
      const preset = intakePresets[id];
      const suggestion = suggestMapping(Object.keys(preset.columns), id);
      expect(suggestion.mapping).toEqual(preset.columns);
      expect(checkMapping(preset.columns).ok).toBe(true);
      expect(preset).toMatchObject({ checkAgainstYourExport: true, columnsDocumented: false });
    }
  });

  it('never maps two columns to one target, whatever the headers', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('Naam', 'naam ', 'KvK', 'kvk-nummer', 'Telefoon', 'Mobiel', 'x', ''), {
          maxLength: 12,
        }),
        (headers) => {
          const targets = Object.values(suggestMapping(headers).mapping);
          expect(new Set(targets).size).toBe(targets.length);
        },
      ),
    );
  });
});

describe('headerKey', () => {
  it('folds case, accents, spaces and punctuation', () => {
    expect(headerKey(' E-mail adres ')).toBe('emailadres');
    expect(headerKey('Cliënt-nummer')).toBe('clientnummer');
  });
});

describe('bindMapping', () => {
  it('binds by normalised header, skipping ignored and unnamed columns', () => {
    const bound = bindMapping(
      ['Relatie nummer', '', 'Notitie', 'naam'],
      { Relatienummer: 'externalId', Notitie: 'ignore', Naam: 'companyName' },
      1,
    );
    expect(bound).toEqual({
      ok: true,
      value: [
        { index: 0, header: 'Relatie nummer', target: 'externalId' },
        { index: 3, header: 'naam', target: 'companyName' },
      ],
    });
  });

  it('refuses mappings that cannot work', () => {
    expect(checkMapping({ A: 'companyName', B: 'externalId', C: 'companyName' })).toEqual({
      ok: false,
      error: { code: 'mapping_invalid', line: null, detail: 'target_twice', column: 'C' },
    });
    expect(checkMapping({ A: 'externalId', B: 'contactName', C: 'contactLastName' })).toMatchObject({
      ok: false,
      error: { detail: 'contact_name_and_parts' },
    });
  });
});
