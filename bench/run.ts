// `npm run bench [-- <prefix>]`: runs the benchmarks whose name starts with the prefix, prints one JSON line per
// figure and appends a summary to BENCHMARKS.md with the command and the machine.
import { appendFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { calleridBenchmarks } from './callerid.bench.js';
import { machineDescription } from './harness.js';
import { intakeFileBenchmarks } from './intake-file.bench.js';
import { intakeImportBenchmarks } from './intake-import.bench.js';
import { intakeBenchmark } from './intake.bench.js';
import { simplicateBenchmarks } from './simplicate.bench.js';
import { startupBenchmarks } from './startup.bench.js';
import { syncBenchmarks } from './sync.bench.js';
import { webBenchmarks } from './web.bench.js';

import type { Benchmark, BenchResult } from './harness.js';

const all: Benchmark[] = [
  ...startupBenchmarks,
  ...calleridBenchmarks,
  ...simplicateBenchmarks,
  ...syncBenchmarks,
  ...intakeFileBenchmarks,
  ...intakeImportBenchmarks,
  { name: 'intake.push_ratio', run: intakeBenchmark },
  ...webBenchmarks,
];

const prefix = process.argv[2] ?? '';
// A benchmark that measures several figures runs for its own name's prefixes and for any of its figures' names.
const selected = all.filter((benchmark) => benchmark.name.startsWith(prefix) || prefix.startsWith(benchmark.name));
if (selected.length === 0) {
  process.stderr.write(`no benchmark starts with "${prefix}"; known: ${all.map((b) => b.name).join(', ')}\n`);
  process.exit(2);
}

// The machine may be shared: the load average before and after says how quiet it was.
const loadAverage = (): string =>
  os
    .loadavg()
    .map((load) => load.toFixed(2))
    .join(' / ');
const loadBefore = loadAverage();
const results: BenchResult[] = [];
for (const benchmark of selected) {
  process.stderr.write(`running ${benchmark.name}…\n`);
  for (const result of await benchmark.run()) {
    results.push(result);
    process.stdout.write(`${JSON.stringify(result)}\n`);
  }
}

const command = `npm run bench${prefix === '' ? '' : ` -- ${prefix}`}`;
const rows = results.map(
  (r) =>
    `| ${r.name} | ${r.value} ${r.unit} | ${r.baseline === undefined ? '–' : `${r.baseline} ${r.unit}`} | ${r.ratio ?? '–'} |`,
);
const summary = [
  `\n## ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC — \`${command}\``,
  `Machine: ${machineDescription()}`,
  `Load average (1 / 5 / 15 min): ${loadBefore} before, ${loadAverage()} after`,
  '',
  '| benchmark | value | baseline | ratio |',
  '|---|---|---|---|',
  ...rows,
  '',
].join('\n');
await appendFile(path.resolve(import.meta.dirname, '..', 'BENCHMARKS.md'), summary);
