// Child process of intake-file.bench.ts: one pass over the CSV, through the intake library or a bare csv-parse, so
// its peak RSS is its own. Usage: node --import tsx bench/intake-file-parse.child.ts <library|csv-parse> <file>
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';

import { readIntakeFile } from '../src/adapters/intake-file/read.js';
import { EXPORT_HEADERS } from '../src/adapters/intake-file/testing.js';
import { suggestMapping } from '../src/core/intake/mapping.js';
import { sampleRss } from './rss.js';

type Count = { rows: number; records: number; rejected: number };

async function viaLibrary(file: string): Promise<Count> {
  const count: Count = { rows: 0, records: 0, rejected: 0 };
  const mapping = suggestMapping(EXPORT_HEADERS).mapping;
  for await (const event of readIntakeFile(file, { mapping })) {
    if (event.kind === 'file_rejected') throw new Error(`file rejected: ${JSON.stringify(event.reject)}`);
    if (event.kind === 'record') count.records += 1;
    if (event.kind === 'rejected') count.rejected += 1;
    if (event.kind !== 'end') count.rows += 1;
  }
  return count;
}

/** The baseline: decode and split into fields, nothing else (no encoding check, mapping, repair or validation). */
async function viaCsvParse(file: string): Promise<Count> {
  const parser = createReadStream(file)
    .pipe(iconv.decodeStream('win1252'))
    .pipe(parse({ delimiter: ';', relax_column_count: true, from_line: 2 }));
  let rows = 0;
  for await (const _record of parser as AsyncIterable<string[]>) rows += 1;
  return { rows, records: rows, rejected: 0 };
}

const [mode = '', file = ''] = process.argv.slice(2);
const probe = sampleRss();
const start = performance.now();
const count = mode === 'library' ? await viaLibrary(file) : await viaCsvParse(file);
const ms = performance.now() - start;
process.stdout.write(`${JSON.stringify({ mode, ms, ...count, peakRssMb: probe.stop() })}\n`);
