// Shared bits of the benchmarks: result lines, percentiles, and the machine description for BENCHMARKS.md.
import os from 'node:os';

/** One measured figure; `baseline` and `ratio` when a baseline was measured in the same run. */
export type BenchResult = {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly baseline?: number;
  readonly ratio?: number;
};

export type Benchmark = { readonly name: string; run(): Promise<BenchResult[]> };

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index] ?? Number.NaN;
}

export function median(values: readonly number[]): number {
  return percentile(
    [...values].sort((a, b) => a - b),
    50,
  );
}

export const round = (value: number, digits = 2): number => Number(value.toFixed(digits));

export function withRatio(name: string, value: number, unit: string, baseline: number): BenchResult {
  return { name, value: round(value), unit, baseline: round(baseline), ratio: round(value / baseline, 3) };
}

export function machineDescription(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${cpu}, ${os.cpus().length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.release()}`;
}
