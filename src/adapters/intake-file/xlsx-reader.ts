/** Streams the first worksheet of an XLSX with exceljs' WorkbookReader (shared strings cached, rows never all loaded). */
import { FileRejectedError } from './errors.js';

import type { Cell } from '../../core/intake/repair.js';

export type SheetRow = { readonly row: number; readonly cells: readonly Cell[] };

const EMPTY: Cell = { kind: 'text', text: '' };

/** An exceljs cell value → our cell: formulas give their result, rich text and hyperlinks their text. */
export function toCell(value: unknown): Cell {
  if (value === null || value === undefined) return EMPTY;
  if (typeof value === 'string') return { kind: 'text', text: value };
  if (typeof value === 'number') return { kind: 'number', value };
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'true' : 'false' };
  if (value instanceof Date) return { kind: 'date', value };
  if (typeof value === 'object') {
    const object = value as Record<string, unknown>;
    if (Array.isArray(object['richText'])) {
      const parts = object['richText'] as readonly { readonly text?: unknown }[];
      return { kind: 'text', text: parts.map((part) => (typeof part.text === 'string' ? part.text : '')).join('') };
    }
    if ('result' in object) return toCell(object['result']);
    if ('formula' in object || 'sharedFormula' in object) return EMPTY;
    if (typeof object['text'] === 'string') return { kind: 'text', text: object['text'] };
    if (typeof object['error'] === 'string') return { kind: 'text', text: object['error'] };
  }
  return EMPTY;
}

/** Yields each non-empty row of the first worksheet; an unreadable workbook is refused as `xlsx_unreadable`. */
export async function* readXlsxRows(path: string): AsyncGenerator<SheetRow> {
  // Loaded on the first workbook, not at start: exceljs holds ~8 MB of heap that a crmhub reading only CSV never needs.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles tell date cells from numbers; hyperlinks and other entries are not needed.
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let sheets = 0;
  try {
    for await (const worksheet of workbook) {
      sheets += 1;
      for await (const row of worksheet) {
        const values = Array.isArray(row.values) ? (row.values as unknown[]) : [];
        // exceljs rows are 1-based: index 0 is always empty.
        const cells = values.slice(1).map(toCell);
        if (cells.some((cell) => cell.kind !== 'text' || cell.text.trim() !== '')) yield { row: row.number, cells };
      }
      // Only the first worksheet is an export; the rest (notes, pivot tables) are not read.
      break;
    }
  } catch (error) {
    if (error instanceof FileRejectedError) throw error;
    throw new FileRejectedError({ code: 'xlsx_unreadable', line: null });
  }
  if (sheets === 0) throw new FileRejectedError({ code: 'xlsx_unreadable', line: null, detail: 'no_worksheet' });
}
