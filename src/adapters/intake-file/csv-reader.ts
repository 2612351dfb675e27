/** Streams a CSV's records with csv-parse after decoding with iconv-lite; the delimiter is sniffed from the header. */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

import { FileRejectedError } from './errors.js';

import type { TextEncoding } from './encoding.js';

export type CsvRecord = { readonly line: number; readonly cells: readonly string[] };

const DELIMITERS = [';', ',', '\t', '|'] as const;

/** Counts each candidate delimiter outside quotes on the first line; Excel's `sep=;` line wins when present. */
export function sniffDelimiter(headText: string): { readonly delimiter: string; readonly sepLine: boolean } {
  const text = headText.replace(/^\ufeff/, '').replace(/^(?:[ \t]*\r?\n)+/, '');
  const sep = /^sep=(.)\r?\n/i.exec(text);
  if (sep?.[1] !== undefined) return { delimiter: sep[1], sepLine: true };
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, (counts.get(char) ?? 0) + 1);
  }
  // Ties go to `;`, the list separator of Dutch Excel.
  let best: string = ';';
  for (const delimiter of DELIMITERS) if ((counts.get(delimiter) ?? 0) > (counts.get(best) ?? 0)) best = delimiter;
  return { delimiter: best, sepLine: false };
}

/** Where a record starts: csv-parse reports the line it ends on; quoted line breaks and skipped empty lines precede. */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^(?:\r?\n|\r)+/, '').replace(/(?:\r?\n|\r)$/, '');
  return endLine - (body.match(/\r?\n|\r/g)?.length ?? 0);
}

/** Counts bytes as they pass and refuses the file once more than `maxBytes` went through (it may still be growing). */
function byteLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes)
        callback(new FileRejectedError({ code: 'file_too_large', line: null, detail: String(seen) }));
      else callback(null, chunk);
    },
  });
}

type ParsedRecord = { record: string[]; raw: string; info: { lines: number } };
type CsvParseError = Error & { code?: string; lines?: number };

/** Yields each non-empty record with the line it starts on; csv-parse errors become file refusals. */
export async function* readCsvRecords(
  path: string,
  encoding: TextEncoding,
  options: { readonly delimiter: string; readonly sepLine: boolean; readonly maxBytes: number },
): AsyncGenerator<CsvRecord> {
  const parser = parse({
    delimiter: options.delimiter,
    relax_column_count: true,
    skip_empty_lines: true,
    // Excel writes `;;;;` for rows that are formatted but empty.
    skip_records_with_empty_values: true,
    info: true,
    raw: true,
    from_line: options.sepLine ? 2 : 1,
  });
  const source = createReadStream(path, { highWaterMark: 1 << 16 });
  const limit = byteLimit(options.maxBytes);
  source.on('error', (error) => parser.destroy(error));
  limit.on('error', (error) => parser.destroy(error));
  source.pipe(limit).pipe(iconv.decodeStream(encoding)).pipe(parser);
  let lastLine = options.sepLine ? 1 : 0;
  try {
    for await (const item of parser as AsyncIterable<ParsedRecord>) {
      const line = startLine(item.info.lines, item.raw);
      lastLine = item.info.lines;
      yield { line, cells: item.record };
    }
  } catch (error) {
    if (error instanceof FileRejectedError) throw error;
    const parseError = error as CsvParseError;
    if (parseError.code === 'CSV_QUOTE_NOT_CLOSED') {
      throw new FileRejectedError({ code: 'csv_unclosed_quote', line: lastLine + 1 });
    }
    if (parseError.code?.startsWith('CSV_') === true) {
      throw new FileRejectedError({ code: 'csv_malformed', line: parseError.lines ?? null, detail: parseError.code });
    }
    throw error;
  } finally {
    source.destroy();
  }
}
