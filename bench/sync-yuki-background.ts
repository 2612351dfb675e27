// `sync.yuki_background_calls_per_domain_day` (issue 10): Yuki calls per domain per simulated day that crmhub's
// background work makes with default settings — the hourly portal import and caller ID (polls every 30 minutes, one
// full run a day) — counted per domain by the simulator over one simulated hour (× 24, plus the daily full run).
// Baseline: the former caller-ID source, every contact of every domain polled every 5 minutes. Target ≤ 50 (5%).
import { callerIdPhoneSource } from '../src/adapters/yuki/callerid-phones.js';
import { yukiEndpoints } from '../src/adapters/yuki/manifest.js';
import { createMemoryQuotaLedger } from '../src/adapters/yuki/quota-ledger.js';
import { parseYukiSettings } from '../src/adapters/yuki/settings.js';
import { simGrant } from '../src/adapters/yuki/sim-grant.testing.js';
import { createYukiConnector } from '../src/adapters/yuki/yuki.connector.js';
import { startTestYukiSim } from '../src/sims/yuki/testing.js';
import { round } from './harness.js';

import type { PhoneSource } from '../src/adapters/shared/system.js';
import type { PortalTarget } from '../src/core/connector.js';
import type { ListeningTestSim } from '../src/sims/yuki/testing.js';
import type { BenchResult } from './harness.js';

const HOUR = 3600_000;
const POLL_MS = 30 * 60_000;
const BASELINE_POLL_MS = 5 * 60_000;

async function drain(source: PhoneSource, full: boolean, sim: ListeningTestSim): Promise<void> {
  const cursor = full ? null : { modifiedSince: new Date(sim.clock.ms - POLL_MS).toISOString().slice(0, 19) };
  for await (const page of source.phoneRecords(cursor)) if (!page.ok) throw new Error(page.error.message);
}

/** The most calls any one domain counted in the simulator since `before`. */
function maxPerDomain(sim: ListeningTestSim, before: Map<string, number>): number {
  let max = 0;
  for (const id of sim.state().domains.keys())
    max = Math.max(max, sim.state().quotaUsage(id).used - (before.get(id) ?? 0));
  return max;
}

const usage = (sim: ListeningTestSim): Map<string, number> =>
  new Map([...sim.state().domains.keys()].map((id) => [id, sim.state().quotaUsage(id).used]));

/** One simulated hour of `work` every `everyMs` (plus the hourly import), × 24, plus one daily full run. */
async function perDay(
  sim: ListeningTestSim,
  target: PortalTarget,
  poll: () => Promise<void>,
  full: () => Promise<void>,
  everyMs: number,
) {
  const start = usage(sim);
  await target.listDomains({ priority: 'low' });
  await target.listAdministrations({ priority: 'low' });
  for (let at = 0; at < HOUR; at += everyMs) {
    sim.clock.ms += everyMs;
    await poll();
  }
  const hourly = maxPerDomain(sim, start);
  const beforeFull = usage(sim);
  await full();
  return hourly * 24 + maxPerDomain(sim, beforeFull);
}

export async function yukiBackgroundBenchmark(): Promise<BenchResult[]> {
  const sim = await startTestYukiSim({ seed: 7, orgs: 60, options: { contactCompaniesPerAdministration: 150 } });
  try {
    const { settings, grant } = await simGrant(sim);
    const { portalId } = (await (await fetch(`${sim.url}/__sim/credentials`)).json()) as { portalId: string };
    const parsed = parseYukiSettings({ accessKey: sim.key, portalId, vismaConnect: settings });
    if (!parsed.ok) throw new Error(parsed.error.message);
    const make = (): PortalTarget =>
      createYukiConnector(parsed.value, {
        clock: () => new Date(sim.clock.ms),
        ledger: createMemoryQuotaLedger(),
        endpoints: yukiEndpoints({ baseUrl: sim.url }),
        platformGrant: grant,
      });
    const target = make();
    const source = callerIdPhoneSource(target, []);
    const value = await perDay(
      sim,
      target,
      () => drain(source, false, sim),
      () => drain(source, true, sim),
      POLL_MS,
    );
    sim.clock.ms += 24 * HOUR; // a fresh day for the baseline
    const old = make();
    const domains = [...sim.state().domains.keys()];
    const everyContact = async (modifiedAfter: string | null): Promise<void> => {
      for (const id of domains) {
        for await (const page of old.searchContacts(id, { modifiedAfter, active: 'both' }, { priority: 'low' })) {
          if (!page.ok) throw new Error(page.error.message);
        }
      }
    };
    const since = (): string => new Date(sim.clock.ms - BASELINE_POLL_MS).toISOString().slice(0, 19);
    const baseline = await perDay(
      sim,
      old,
      () => everyContact(since()),
      () => everyContact(null),
      BASELINE_POLL_MS,
    );
    return [
      {
        name: 'sync.yuki_background_calls_per_domain_day',
        value,
        unit: 'calls',
        baseline,
        ratio: round(value / baseline, 3),
      },
    ];
  } finally {
    await sim.close();
  }
}
