// intake.parse_100k_*: a generated 100,000-row Dutch CRM export (Windows-1252, semicolons, CRLF) read through the
// intake file library (encoding check, parse, mapping, repairs, validation, duplicates) against a bare csv-parse
// pass over the same file, each in its own child process, order L C C L, best of two each.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { writeLargeCsv } from '../src/adapters/intake-file/testing.js';
import { runChild } from './child.js';
import { round, withRatio } from './harness.js';

import type { Benchmark } from './harness.js';

const ROWS = 100_000;

type ParseResult = { mode: string; ms: number; rows: number; records: number; rejected: number; peakRssMb: number };

export const intakeFileBenchmarks: Benchmark[] = [
  {
    name: 'intake.parse_100k',
    async run() {
      const dir = await mkdtemp(path.join(os.tmpdir(), 'crmhub-intake-bench-'));
      try {
        const file = path.join(dir, 'relaties.csv');
        await writeLargeCsv(file, ROWS, { encoding: 'win1252' });
        const { size } = await stat(file);
        process.stderr.write(`  ${String(ROWS)} rows, ${round(size / 2 ** 20)} MB\n`);
        const runs: ParseResult[] = [];
        for (const mode of ['library', 'csv-parse', 'csv-parse', 'library'] as const) {
          const result = await runChild<ParseResult>('bench/intake-file-parse.child.ts', [mode, file]);
          if (result.rows !== ROWS) throw new Error(`${mode} saw ${String(result.rows)} rows`);
          process.stderr.write(
            `  ${mode}: ${round(result.ms / 1000)} s, ${String(result.records)} records, ` +
              `${String(result.rejected)} rejected, peak RSS ${round(result.peakRssMb)} MB\n`,
          );
          runs.push(result);
        }
        const of = (mode: string): ParseResult[] => runs.filter((run) => run.mode === mode);
        const rowsPerS = (mode: string): number => ROWS / (Math.min(...of(mode).map((run) => run.ms)) / 1000);
        const rss = (mode: string): number => Math.max(...of(mode).map((run) => run.peakRssMb));
        return [
          withRatio('intake.parse_100k_rows_per_s', rowsPerS('library'), 'rows/s', rowsPerS('csv-parse')),
          withRatio('intake.parse_100k_rss_mb', rss('library'), 'MB', rss('csv-parse')),
        ];
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  },
];
