// simplicate.scan_100k_*: a full scan of 100,000 organisations through the connector against a plain-fetch loop over
// the same simulator, each in its own child process (so the simulator's memory is not counted), ABBA order.
import { runChild } from './child.js';
import { round, withRatio } from './harness.js';
import { BENCH_CRM_KEY, startBenchCrmSim } from './sync-fixture.js';

import type { Benchmark } from './harness.js';

const ORGS = 100_000;

type ScanResult = {
  mode: string;
  ms: number;
  cpuMs: number;
  organizations: number;
  persons: number;
  peakRssMb: number;
};

export const simplicateBenchmarks: Benchmark[] = [
  {
    name: 'simplicate.scan_100k',
    async run() {
      const sim = await startBenchCrmSim(2026, ORGS);
      try {
        const scan = async (mode: 'connector' | 'fetch'): Promise<ScanResult> => {
          const simCpu = process.cpuUsage();
          const result = await runChild<ScanResult>('bench/simplicate-scan.child.ts', [
            mode,
            sim.url,
            BENCH_CRM_KEY.apiKey,
            BENCH_CRM_KEY.apiSecret,
          ]);
          if (result.organizations !== ORGS) throw new Error(`${mode} scan saw ${String(result.organizations)} orgs`);
          const { user, system } = process.cpuUsage(simCpu);
          process.stderr.write(
            `  ${mode}: ${round(result.ms / 1000)} s (CPU: scan ${round(result.cpuMs / 1000)} s, simulator ` +
              `${round((user + system) / 1e6)} s), ${String(result.persons)} contacts, peak RSS ${round(result.peakRssMb)} MB\n`,
          );
          return result;
        };
        // Alternating order, so drift of a shared machine falls on both sides alike; best of three each, as other work
        // on the machine only ever adds time.
        const runs: ScanResult[] = [];
        for (const mode of ['fetch', 'connector', 'connector', 'fetch', 'fetch', 'connector'] as const)
          runs.push(await scan(mode));
        const of = (mode: string): ScanResult[] => runs.filter((run) => run.mode === mode);
        const bestS = (mode: string): number => Math.min(...of(mode).map((run) => run.ms)) / 1000;
        const connectorS = bestS('connector');
        const fetchS = bestS('fetch');
        const bestCpuS = (mode: string): number => Math.min(...of(mode).map((run) => run.cpuMs)) / 1000;
        const connectorRss = Math.max(...of('connector').map((run) => run.peakRssMb));
        const fetchRss = Math.max(...of('fetch').map((run) => run.peakRssMb));
        return [
          { name: 'simplicate.scan_100k_ratio', value: round(connectorS / fetchS, 3), unit: '×' },
          withRatio('simplicate.scan_100k_s', connectorS, 's', fetchS),
          withRatio('simplicate.scan_100k_cpu_s', bestCpuS('connector'), 's', bestCpuS('fetch')),
          withRatio('simplicate.scan_100k_rss_mb', connectorRss, 'MB', fetchRss),
        ];
      } finally {
        await sim.close();
      }
    },
  },
];
