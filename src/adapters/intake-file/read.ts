/**
 * Reads an intake file (CSV or XLSX, told apart by content) row by row into organisation records, repair notes and
 * rejects. Nothing is loaded whole: a CSV is read twice in chunks (encoding check, then parse), an XLSX once.
 */
import { open, stat } from 'node:fs/promises';
import iconv from 'iconv-lite';

import { suggestMapping } from '../../core/intake/mapping.js';
import { IntakePipeline } from '../../core/intake/pipeline.js';
import { cellText } from '../../core/intake/repair.js';
import { readCsvRecords, sniffDelimiter } from './csv-reader.js';
import { detectEncoding } from './encoding.js';
import { FileRejectedError } from './errors.js';
import { sniffHead } from './sniff.js';
import { readXlsxRows } from './xlsx-reader.js';

import type { FileReject } from '../../core/intake/file-record.js';
import type { ColumnMapping } from '../../core/intake/headers.js';
import type { MappingSuggestion } from '../../core/intake/mapping.js';
import type { IntakeEvent } from '../../core/intake/pipeline.js';
import type { IntakePresetId } from '../../core/intake/presets.js';
import type { Cell } from '../../core/intake/repair.js';
import type { Result } from '../../core/result.js';
import type { TextEncoding } from './encoding.js';

/** Defaults: 100 MB (a 100,000-row export is ~20 MB) and 1,000,000 data rows. */
export const DEFAULT_MAX_BYTES = 100 * 1024 * 1024;
export const DEFAULT_MAX_ROWS = 1_000_000;

export type ReadLimits = { readonly maxBytes?: number; readonly maxRows?: number };

/** What the file turned out to be. */
export type FileFormat =
  { readonly kind: 'xlsx' } | { readonly kind: 'csv'; readonly encoding: TextEncoding; readonly delimiter: string };

type Row = { readonly row: number; readonly cells: readonly Cell[] };
type Opened = { readonly format: FileFormat; readonly rows: AsyncGenerator<Row> };

const HEAD_BYTES = 65_536;

async function readHead(path: string): Promise<{ head: Buffer; complete: boolean }> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
    return { head: buffer.subarray(0, bytesRead), complete: bytesRead < HEAD_BYTES };
  } finally {
    await handle.close();
  }
}

async function* csvRows(
  path: string,
  encoding: TextEncoding,
  delimiter: { delimiter: string; sepLine: boolean },
  maxBytes: number,
): AsyncGenerator<Row> {
  for await (const record of readCsvRecords(path, encoding, { ...delimiter, maxBytes })) {
    yield { row: record.line, cells: record.cells.map((text) => ({ kind: 'text', text })) };
  }
}

/** Checks size and content, then sets up the row reader for the file's format. */
async function openIntakeFile(path: string, maxBytes: number): Promise<Opened> {
  const { size } = await stat(path);
  if (size > maxBytes) throw new FileRejectedError({ code: 'file_too_large', line: null, detail: String(size) });
  const { head, complete } = await readHead(path);
  const sniffed = sniffHead(head, complete);
  switch (sniffed.kind) {
    case 'empty':
      throw new FileRejectedError({ code: 'file_empty', line: null });
    case 'unsupported':
      throw new FileRejectedError({ code: 'file_type_unsupported', line: null, detail: sniffed.detail });
    case 'xlsx':
      return { format: { kind: 'xlsx' }, rows: readXlsxRows(path) };
    case 'text': {
      const encoding = await detectEncoding(path, sniffed.bom);
      const delimiter = sniffDelimiter(iconv.decode(head, encoding));
      const format: FileFormat = { kind: 'csv', encoding, delimiter: delimiter.delimiter };
      return { format, rows: csvRows(path, encoding, delimiter, maxBytes) };
    }
  }
}

/** exceljs leaves out empty cells at the end of a row; a sheet row has no "wrong column count" of that kind. */
function padded(cells: readonly Cell[], width: number): readonly Cell[] {
  if (cells.length >= width) return cells;
  return [...cells, ...Array.from({ length: width - cells.length }, (): Cell => ({ kind: 'text', text: '' }))];
}

function rejected(error: unknown): FileReject {
  if (error instanceof FileRejectedError) return error.reject;
  throw error;
}

/**
 * Reads the file with a saved mapping. Yields row events as they come, then exactly one `end` or `file_rejected`; a
 * caller records nothing before `end` (a refusal can come after many rows, e.g. an unclosed quote near the end).
 */
export async function* readIntakeFile(
  path: string,
  options: { readonly mapping: ColumnMapping } & ReadLimits,
): AsyncGenerator<IntakeEvent> {
  const pipeline = new IntakePipeline({ mapping: options.mapping, maxRows: options.maxRows ?? DEFAULT_MAX_ROWS });
  let headerLine: number | null = null;
  let headerWidth = 0;
  let opened: Opened | null = null;
  try {
    opened = await openIntakeFile(path, options.maxBytes ?? DEFAULT_MAX_BYTES);
    for await (const { row, cells } of opened.rows) {
      if (headerLine === null) {
        const header = pipeline.header(cells.map(cellText), row);
        if (!header.ok) throw new FileRejectedError(header.error);
        headerLine = row;
        headerWidth = cells.length;
        continue;
      }
      const events = pipeline.row(opened.format.kind === 'xlsx' ? padded(cells, headerWidth) : cells, row);
      if (!events.ok) throw new FileRejectedError(events.error);
      yield* events.value;
    }
  } catch (error) {
    yield { kind: 'file_rejected', reject: rejected(error) };
    return;
  } finally {
    await opened?.rows.return(undefined);
  }
  yield headerLine === null
    ? { kind: 'file_rejected', reject: { code: 'header_missing', line: null } }
    : pipeline.end(headerLine);
}

/** The first rows of a file for the mapping step: its format, header, a few sample rows and a suggested mapping. */
export type IntakeInspection = {
  readonly format: FileFormat;
  readonly headerLine: number;
  readonly headers: readonly string[];
  readonly sample: readonly (readonly string[])[];
  readonly suggestion: MappingSuggestion;
};

/** Reads only as far as the header and `sampleRows` rows (default 5). */
export async function inspectIntakeFile(
  path: string,
  options: { readonly preset?: IntakePresetId; readonly sampleRows?: number } & ReadLimits = {},
): Promise<Result<IntakeInspection, FileReject>> {
  let opened: Opened | null = null;
  try {
    opened = await openIntakeFile(path, options.maxBytes ?? DEFAULT_MAX_BYTES);
    let header: { line: number; cells: string[] } | null = null;
    const sample: string[][] = [];
    for await (const { row, cells } of opened.rows) {
      if (header === null) header = { line: row, cells: cells.map((cell) => cellText(cell).trim()) };
      else sample.push(cells.map(cellText));
      if (sample.length >= (options.sampleRows ?? 5)) break;
    }
    if (header === null) return { ok: false, error: { code: 'header_missing', line: null } };
    const suggestion = suggestMapping(header.cells, options.preset);
    const inspection = { format: opened.format, headerLine: header.line, headers: header.cells, sample, suggestion };
    return { ok: true, value: inspection };
  } catch (error) {
    return { ok: false, error: rejected(error) };
  } finally {
    await opened?.rows.return(undefined);
  }
}
