/** Test and bench kit: realistic Dutch CRM export rows, written as CSV (any delimiter/encoding) or as XLSX. */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

export const EXPORT_HEADERS = [
  'Relatienummer',
  'Bedrijfsnaam',
  'KvK-nummer',
  'BTW-nummer',
  'Contactpersoon',
  'Adres',
  'Postcode',
  'Plaats',
  'Telefoon',
  'E-mail',
  'Gewijzigd op',
] as const;

const STREETS = ['Dorpsstraat', 'Kerkweg', 'Hoofdstraat', 'Molenlaan', 'Stationsplein', 'Rue de la Paix'];
const CITIES = ['Amsterdam', 'Utrecht', 'Zwolle', 'Groningen', 'Eindhoven', "'s-Hertogenbosch", 'Kortenhoef'];
const PEOPLE = ['Jan de Vries', 'J.P. van der Berg', 'Anouk Jansen', 'Noël Hendriks', 'Chloë Bakker'];
const NAMES = ['Bakkerij', 'Café', 'Hoveniersbedrijf', 'Administratiekantoor', 'Garage', 'Atelier'];

/** A Dutch VAT id that passes the mod-11 check, derived from `n`. */
export function vatNumber(n: number): string {
  for (let k = n; ; k++) {
    const digits = String(10_000_000 + (k % 89_999_999)).padStart(8, '0');
    let sum = 0;
    for (let i = 0; i < 8; i++) sum += Number(digits[i]) * (9 - i);
    if (sum % 11 < 10) return `NL${digits}${String(sum % 11)}B01`;
  }
}

/** Row `i` of a realistic export, in {@link EXPORT_HEADERS} order, values as a CRM would write them. */
export function exportRow(i: number): string[] {
  const pick = <T>(list: readonly T[]): T => list[i % list.length] as T;
  const digits = String(1000 + (i % 8999));
  const letters = String.fromCharCode(65 + (i % 17), 66 + (i % 23));
  return [
    String(1000 + i),
    `${pick(NAMES)} ${pick(CITIES)} ${String(i)}`,
    String(10_000_000 + ((i * 7919) % 89_999_999)),
    vatNumber(i * 31),
    pick(PEOPLE),
    `${pick(STREETS)} ${String(1 + (i % 200))}`,
    `${digits} ${letters}`,
    pick(CITIES),
    `06${String(1 + (i % 5))}${String(1_000_000 + ((i * 104_729) % 8_999_999))}`,
    `info${String(i)}@example.nl`,
    `0${String(1 + (i % 9))}-1${String(i % 3)}-2026 1${String(i % 10)}:30`,
  ];
}

/** One CSV line: fields with the delimiter, quotes or line breaks quoted, as Excel does. */
export function csvLine(cells: readonly string[], delimiter: string): string {
  return cells
    .map((cell) => (/["\r\n]/.test(cell) || cell.includes(delimiter) ? `"${cell.replace(/"/g, '""')}"` : cell))
    .join(delimiter);
}

export type CsvStyle = {
  readonly delimiter?: string;
  readonly encoding?: 'utf8' | 'win1252';
  readonly bom?: boolean;
  readonly newline?: string;
};

/** A whole CSV as bytes (Dutch Excel's defaults: `;`, CRLF). */
export function csvBytes(rows: readonly (readonly string[])[], style: CsvStyle = {}): Buffer {
  const newline = style.newline ?? '\r\n';
  const text = rows.map((row) => csvLine(row, style.delimiter ?? ';')).join(newline) + newline;
  const body = iconv.encode(text, style.encoding ?? 'utf8');
  return style.bom === true ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
}

/** Streams `count` export rows (after the header) to a CSV file, memory flat. */
export async function writeLargeCsv(path: string, count: number, style: CsvStyle = {}): Promise<void> {
  const out = createWriteStream(path);
  const newline = style.newline ?? '\r\n';
  const encode = (line: string): Buffer => iconv.encode(line + newline, style.encoding ?? 'utf8');
  if (!out.write(encode(csvLine(EXPORT_HEADERS, style.delimiter ?? ';')))) await once(out, 'drain');
  for (let i = 0; i < count; i++) {
    if (!out.write(encode(csvLine(exportRow(i), style.delimiter ?? ';')))) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** An XLSX with one worksheet holding `rows` (values keep their JS type: numbers stay numbers, Dates are dates). */
export async function writeXlsx(
  path: string,
  rows: readonly (readonly unknown[])[],
  extraSheet = false,
): Promise<void> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Relaties');
  for (const row of rows) sheet.addRow([...row]);
  if (extraSheet) workbook.addWorksheet('Notities').addRow(['not an export']);
  await workbook.xlsx.writeFile(path);
}
