import { mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collectIntakeEvents } from '../../core/intake/collect.js';
import { suggestMapping } from '../../core/intake/mapping.js';
import { inspectIntakeFile, readIntakeFile } from './read.js';
import { csvBytes, EXPORT_HEADERS, exportRow, writeXlsx } from './testing.js';

import type { ColumnMapping } from '../../core/intake/headers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'intake-read-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

let fileNo = 0;
async function file(content: Buffer | string, name = 'export.csv'): Promise<string> {
  fileNo += 1;
  const target = path.join(dir, `${String(fileNo)}-${name}`);
  await writeFile(target, content);
  return target;
}

const MAPPING: ColumnMapping = suggestMapping(EXPORT_HEADERS).mapping;
const read = (target: string, mapping: ColumnMapping = MAPPING, maxBytes?: number) =>
  collectIntakeEvents(readIntakeFile(target, maxBytes === undefined ? { mapping } : { mapping, maxBytes }));

describe('readIntakeFile: CSV as Dutch CRMs export it', () => {
  it('reads a semicolon CSV with BOM and CRLF, Dutch headers, into records', async () => {
    const target = await file(csvBytes([[...EXPORT_HEADERS], exportRow(0), exportRow(1)], { bom: true }));
    const result = await read(target);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.records.map((r) => r.row)).toEqual([2, 3]);
    const first = result.records[0]?.record;
    expect(first?.externalId).toBe('1000');
    expect(first?.fields.companyName).toBe('Bakkerij Amsterdam 0');
    expect(first?.fields).toMatchObject({ contactFirstName: 'Jan', contactPrefix: 'de', contactLastName: 'Vries' });
    expect(first?.updatedAt).toBe('2026-10-01T08:30:00.000Z');
    expect(result.counts).toMatchObject({ records: 2, rejected: 0, dropped: 0 });
  });

  it('decodes Windows-1252 (as Dutch Excel saves) when the bytes are not UTF-8, and UTF-8 when they are', async () => {
    const rows = [
      ['Relatienummer', 'Bedrijfsnaam', 'Plaats'],
      ['1', 'Café Noël', 'Curaçao'],
      ['2', 'Chloë & Zoë', 'Zwolle'],
    ];
    const cp = await read(await file(csvBytes(rows, { encoding: 'win1252' })), suggestMapping(rows[0] ?? []).mapping);
    const utf = await read(await file(csvBytes(rows, { encoding: 'utf8' })), suggestMapping(rows[0] ?? []).mapping);
    for (const result of [cp, utf]) {
      expect(result.ok && result.records.map((r) => r.record.fields.companyName)).toEqual(['Café Noël', 'Chloë & Zoë']);
    }
    const inspected = await inspectIntakeFile(await file(csvBytes(rows, { encoding: 'win1252' })));
    expect(inspected.ok && inspected.value.format).toEqual({ kind: 'csv', encoding: 'win1252', delimiter: ';' });
  });

  it('reads Excel’s "Unicode text" (UTF-16LE with BOM, tab-separated)', async () => {
    const text = '\ufeffRelatienummer\tBedrijfsnaam\r\n1\tCafé Noël\r\n';
    const target = await file(Buffer.from(text, 'utf16le'), 'export.txt');
    const result = await read(target, { Relatienummer: 'externalId', Bedrijfsnaam: 'companyName' });
    expect(result.ok && result.records.map((r) => r.record.fields.companyName)).toEqual(['Café Noël']);
    const inspected = await inspectIntakeFile(target);
    expect(inspected.ok && inspected.value.format).toEqual({ kind: 'csv', encoding: 'utf16le', delimiter: '\t' });
  });

  it('detects a comma delimiter, quoted fields with commas, quotes and line breaks, and reports the start line', async () => {
    const text =
      'Relatienummer,Bedrijfsnaam,Adres,Plaats\n' +
      '1,"Jansen, Jansen & Zn","Dorpsstraat 1\nachterom",Utrecht\n' +
      '\n' +
      '2,"De ""Gouden"" Leeuw",Kerkweg 2,Zwolle\n';
    const result = await read(
      await file(text),
      suggestMapping(['Relatienummer', 'Bedrijfsnaam', 'Adres', 'Plaats']).mapping,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.records.map((r) => [r.row, r.record.fields.companyName])).toEqual([
      [2, 'Jansen, Jansen & Zn'],
      [5, 'De "Gouden" Leeuw'],
    ]);
    expect(result.records[0]?.record.fields.visitingStreet).toBe('Dorpsstraat 1\nachterom');
  });

  it('follows an Excel `sep=` line and skips the empty `;;;` rows Excel writes', async () => {
    const text = 'sep=,\r\nRelatienummer,Bedrijfsnaam\r\n1,Alfa\r\n,\r\n2,Beta\r\n';
    const result = await read(await file(text), { Relatienummer: 'externalId', Bedrijfsnaam: 'companyName' });
    expect(result.ok && result.records.map((r) => [r.row, r.record.externalId])).toEqual([
      [3, '1'],
      [5, '2'],
    ]);
  });
});

describe('readIntakeFile: Excel damage and duplicates', () => {
  it('undoes Excel’s damage with a note per repair, and rejects what cannot be repaired with row and reason', async () => {
    const header = ['Relatienummer', 'Bedrijfsnaam', 'KvK', 'Telefoon', 'Land', 'Postcode', 'Gewijzigd op'];
    const rows = [
      header,
      ['1 ', 'Alfa BV  ', '1234567', '612345678', 'NL', '1011 AB', '46000,5'],
      ['2', 'Beta', '1,2345678E+07', '31201234567', 'Duitsland', '1067', '03-07-2026 14:05'],
      ['3', 'Gamma', '1,23E+07', '0201234567', 'NL', '1011', ''],
      ['4', 'Delta', '12345678', '0201234567', '', '1011 AB', 'gisteren'],
    ];
    const result = await read(await file(csvBytes(rows)), suggestMapping(header).mapping);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const [alfa, beta] = result.records;
    expect(alfa?.record).toMatchObject({
      externalId: '1',
      fields: { companyName: 'Alfa BV', kvk: '01234567', phone: '0612345678' },
      updatedAt: '2025-12-09T11:00:00.000Z',
    });
    expect(alfa?.notes.map((n) => n.code).sort()).toEqual([
      'date_serial_converted',
      'leading_zero_restored',
      'leading_zero_restored',
      'whitespace_trimmed',
      'whitespace_trimmed',
    ]);
    expect(beta?.record).toMatchObject({
      fields: { kvk: '12345678', phone: '+31201234567', visitingPostcode: '01067' },
      updatedAt: '2026-07-03T12:05:00.000Z',
    });
    expect(beta?.notes.map((n) => n.code).sort()).toEqual([
      'plus_restored',
      'postcode_zero_restored',
      'scientific_notation_expanded',
    ]);
    expect(result.rejected).toEqual([
      {
        row: 4,
        externalId: '3',
        issues: [
          { code: 'digits_lost', column: 'KvK', field: 'kvk', value: '1,23E+07' },
          {
            code: 'value_invalid',
            column: 'Postcode',
            field: 'visitingPostcode',
            detail: 'missing_letters',
            value: '1011',
          },
        ],
      },
      {
        row: 5,
        externalId: '4',
        issues: [
          {
            code: 'value_invalid',
            column: 'Gewijzigd op',
            field: 'updatedAt',
            detail: 'not_a_date',
            value: 'gisteren',
          },
        ],
      },
    ]);
  });
});

describe('readIntakeFile: duplicates and column counts', () => {
  it('drops an identical repeated row with a note; the same id with other content rejects every such row', async () => {
    const header = ['Relatienummer', 'Bedrijfsnaam'];
    const rows = [
      header,
      ['1', 'Alfa'],
      ['2', 'Beta'],
      ['1', 'Alfa '],
      ['2', 'Beta BV'],
      ['3', 'Gamma'],
      ['2', 'Beta'],
    ];
    const result = await read(await file(csvBytes(rows)), suggestMapping(header).mapping);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.records.map((r) => r.record.externalId)).toEqual(['1', '3']);
    expect(result.dropped).toEqual([{ row: 4, notes: [{ code: 'duplicate_row_dropped', rows: [2] }] }]);
    expect(result.rejected.map((r) => [r.row, r.issues.map((i) => [i.code, i.rows])])).toEqual([
      [3, [['duplicate_external_id', [5]]]],
      [5, [['duplicate_external_id', [3]]]],
      [7, [['duplicate_external_id', [3, 5]]]],
    ]);
    expect(result.counts).toMatchObject({ records: 2, rejected: 3, dropped: 1 });
  });

  it('reads the contact person’s own e-mail and phone, repaired and validated like the organisation’s', async () => {
    const header = ['Relatienummer', 'Contactpersoon', 'E-mail contactpersoon', 'Telefoon contactpersoon'];
    const rows = [header, ['1', 'Jan de Vries', 'jan@example.nl', '612345678'], ['2', 'Piet', 'piet@', '0612345678']];
    const mapping = suggestMapping(header);
    expect(mapping.unknown).toEqual([]);
    const result = await read(await file(csvBytes(rows)), mapping.mapping);
    expect(result.ok && result.records.map((r) => [r.record.contact, r.notes.map((n) => n.code)])).toEqual([
      [{ email: 'jan@example.nl', phone: '0612345678' }, ['leading_zero_restored']],
    ]);
    expect(result.ok && result.rejected[0]?.issues).toEqual([
      {
        code: 'value_invalid',
        column: 'E-mail contactpersoon',
        field: 'contactEmail',
        detail: 'invalid_domain',
        value: 'piet@',
      },
    ]);
  });

  it('rejects a row with the wrong number of columns, but not one with empty trailing cells', async () => {
    const text = 'Relatienummer;Bedrijfsnaam\n1;Alfa;;\n2;Beta;extra\n3\n';
    const result = await read(await file(text), { Relatienummer: 'externalId', Bedrijfsnaam: 'companyName' });
    expect(result.ok && result.records.map((r) => r.record.externalId)).toEqual(['1']);
    expect(result.ok && result.rejected.map((r) => [r.row, r.issues[0]?.code, r.issues[0]?.detail])).toEqual([
      [3, 'column_count', 'expected 2, got 3'],
      [4, 'column_count', 'expected 2, got 1'],
    ]);
  });
});

describe('readIntakeFile: files refused as a whole', () => {
  const mapping: ColumnMapping = { Relatienummer: 'externalId', Bedrijfsnaam: 'companyName' };
  const refusal = async (content: Buffer | string, name?: string, m: ColumnMapping = mapping) => {
    const result = await read(await file(content, name), m);
    return result.ok ? null : result.reject;
  };

  it('an unclosed quote, with the line it opens on, even after good rows', async () => {
    const text = 'Relatienummer;Bedrijfsnaam\n1;Alfa\n2;"Beta\n3;Gamma\n';
    expect(await refusal(text)).toEqual({ code: 'csv_unclosed_quote', line: 3 });
  });

  it('text after a closing quote', async () => {
    expect(await refusal('Relatienummer;Bedrijfsnaam\n1;"Alfa"x\n')).toEqual({
      code: 'csv_malformed',
      line: 2,
      detail: 'CSV_INVALID_CLOSING_QUOTE',
    });
  });

  it('invalid UTF-8 behind a UTF-8 BOM, and bytes that are not Windows-1252 either', async () => {
    const bad = Buffer.concat([Buffer.from('\ufeffRelatienummer;Bedrijfsnaam\n1;Alfa\n2;'), Buffer.from([0xe9, 0x0a])]);
    expect(await refusal(bad)).toEqual({ code: 'encoding_invalid', line: 3, detail: 'utf8' });
    const neither = Buffer.concat([Buffer.from('Relatienummer;Bedrijfsnaam\n1;'), Buffer.from([0xe9, 0x81, 0x0a])]);
    expect(await refusal(neither)).toEqual({ code: 'encoding_invalid', line: 2, detail: 'windows1252' });
  });

  it('empty files, header-only files, a PDF or old .xls renamed to .xlsx, other binaries', async () => {
    expect(await refusal('')).toEqual({ code: 'file_empty', line: null });
    expect(await refusal('\ufeff\r\n;;\r\n')).toEqual({ code: 'file_empty', line: null });
    expect(await refusal('Relatienummer;Bedrijfsnaam\r\n')).toEqual({ code: 'no_rows', line: 1 });
    const pdf = Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n', 'latin1');
    expect(await refusal(pdf, 'export.xlsx')).toEqual({ code: 'file_type_unsupported', line: null, detail: 'pdf' });
    const xls = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0, 0]);
    expect(await refusal(xls, 'export.xlsx')).toEqual({ code: 'file_type_unsupported', line: null, detail: 'xls' });
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]);
    expect(await refusal(png, 'export.csv')).toEqual({ code: 'file_type_unsupported', line: null, detail: 'binary' });
  });

  it('a 200 MB file, before reading it', async () => {
    const target = await file('Relatienummer;Bedrijfsnaam\n');
    await truncate(target, 200 * 1024 * 1024);
    const result = await read(target);
    expect(result.ok ? null : result.reject).toEqual({
      code: 'file_too_large',
      line: null,
      detail: String(200 * 1024 * 1024),
    });
  });

  it('an unknown column, a missing one, a duplicate one, and an unusable mapping', async () => {
    const text = 'Relatienummer;Bedrijfsnaam;Opmerkingen\n1;Alfa;x\n';
    expect(await refusal(text)).toEqual({ code: 'column_unknown', line: 1, column: 'Opmerkingen' });
    expect(await refusal(text, undefined, { ...mapping, Opmerkingen: 'ignore' })).toBeNull();
    expect(await refusal('Relatienummer\n1\n')).toEqual({ code: 'column_missing', line: 1, column: 'Bedrijfsnaam' });
    expect(await refusal('Relatienummer;Bedrijfsnaam;bedrijfs naam\n1;A;B\n')).toEqual({
      code: 'column_duplicate',
      line: 1,
      column: 'bedrijfs naam',
    });
    expect(await refusal(text, undefined, { Bedrijfsnaam: 'companyName' })).toEqual({
      code: 'mapping_invalid',
      line: null,
      detail: 'external_id_unmapped',
    });
  });

  it('more rows than maxRows', async () => {
    const target = await file(
      csvBytes([
        ['Relatienummer', 'Bedrijfsnaam'],
        ['1', 'A'],
        ['2', 'B'],
        ['3', 'C'],
      ]),
    );
    const result = await collectIntakeEvents(readIntakeFile(target, { mapping, maxRows: 2 }));
    expect(result.ok ? null : result.reject).toEqual({ code: 'too_many_rows', line: 4, detail: '2' });
  });
});

describe('readIntakeFile: XLSX', () => {
  it('reads the first worksheet with numbers, dates and text as Excel typed them', async () => {
    const header = ['Relatienummer', 'Bedrijfsnaam', 'KvK', 'Telefoon', 'Postcode', 'Gewijzigd op', 'Actief'];
    const target = path.join(dir, 'export.xlsx');
    await writeXlsx(
      target,
      [
        header,
        [1001, 'Café Noël', 1234567, 612345678, '1011 AB', new Date(Date.UTC(2026, 6, 3, 14, 5)), 'Ja'],
        [1002, { richText: [{ text: 'Chloë ' }, { text: 'BV' }] }, 12345678, '020-1234567', '1011AB', 46000.5, 'Nee'],
        [],
        [1003, 'Gamma', 12345678, 'onbekend', '1011 AB', null, 'WAAR'],
        [1004, 'Delta'],
      ],
      true,
    );
    const result = await read(target, suggestMapping(header).mapping);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.records.map((r) => [r.row, r.record])).toEqual([
      [
        2,
        {
          externalId: '1001',
          fields: { companyName: 'Café Noël', kvk: '01234567', phone: '0612345678', visitingPostcode: '1011 AB' },
          updatedAt: '2026-07-03T12:05:00.000Z',
          active: true,
        },
      ],
      [
        3,
        {
          externalId: '1002',
          fields: { companyName: 'Chloë BV', kvk: '12345678', phone: '020-1234567', visitingPostcode: '1011AB' },
          updatedAt: '2025-12-09T11:00:00.000Z',
          active: false,
        },
      ],
      [
        6,
        {
          externalId: '1004',
          fields: { companyName: 'Delta', kvk: null, phone: null, visitingPostcode: null },
          updatedAt: null,
          active: null,
        },
      ],
    ]);
    expect(result.rejected).toEqual([
      {
        row: 5,
        externalId: '1003',
        issues: [{ code: 'value_invalid', column: 'Telefoon', field: 'phone', detail: 'withheld', value: 'onbekend' }],
      },
    ]);
    const inspected = await inspectIntakeFile(target);
    expect(inspected.ok && inspected.value.format).toEqual({ kind: 'xlsx' });
    expect(inspected.ok && inspected.value.headers).toEqual(header);
  });

  it('refuses a ZIP that is not a workbook', async () => {
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), Buffer.from('....[Content_Types].xml garbage')]);
    const result = await read(await file(zip, 'export.xlsx'));
    expect(result.ok ? null : result.reject.code).toBe('xlsx_unreadable');
  });
});
