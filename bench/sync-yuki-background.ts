// `sync.yuki_background_calls_per_domain_day` (issue 10): Yuki calls per domain per simulated day that crmhub's
// background work makes with default settings — the hourly portal import and caller ID (polls every 30 minutes, one
// full run a day) — counted per domain by the simulator over one simulated hour (× 24, plus the daily full run).
// Baseline: the former caller-ID source, every contact of every domain polled every 5 minutes. Target ≤ 50 (5%).
// `_one_selected`: the calls a whole simulated day makes in a domain whose contacts are selected (the 5% share holds).
import { callerIdPhoneSource } from '../src/adapters/yuki/callerid-phones.js';
import { yukiEndpoints } from '../src/adapters/yuki/manifest.js';
import { createMemoryQuotaLedger } from '../src/adapters/yuki/quota-ledger.js';
import { parseYukiSettings } from '../src/adapters/yuki/settings.js';
import { simGrant } from '../src/adapters/yuki/sim-grant.testing.js';
import { msUntilLocalMidnight } from '../src/adapters/yuki/time.js';
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

/**
 * Calls that name a domain: with a portal-wide key only SearchContacts does (Domains and Administrations count against
 * no domain, docs/external-systems/yuki.md#quota). Counted by the simulator, spread over the domains searched.
 */
const searches = (sim: ListeningTestSim): number => sim.state().calls.get('SearchContacts') ?? 0;

/** One simulated hour of polls every `everyMs` (plus the hourly import), × 24, plus one daily full run; per domain. */
async function perDay(
  sim: ListeningTestSim,
  target: PortalTarget,
  run: { poll: () => Promise<void>; full: () => Promise<void>; everyMs: number; domains: number },
): Promise<number> {
  const start = searches(sim);
  await target.listDomains({ priority: 'low' });
  await target.listAdministrations({ priority: 'low' });
  for (let at = 0; at < HOUR; at += run.everyMs) {
    sim.clock.ms += run.everyMs;
    await run.poll();
  }
  const hourly = searches(sim) - start;
  const beforeFull = searches(sim);
  await run.full();
  const total = hourly * 24 + searches(sim) - beforeFull;
  return run.domains === 0 ? total : total / run.domains;
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
    const value = await perDay(sim, target, {
      poll: () => drain(source, false, sim),
      full: () => drain(source, true, sim),
      everyMs: POLL_MS,
      domains: 1,
    });
    sim.clock.ms += 24 * HOUR; // a fresh day: one contact domain selected, a whole simulated day of polls (enforced)
    // …starting at Amsterdam midnight, as Yuki's (and crmhub's) daily count does.
    sim.clock.ms += msUntilLocalMidnight(new Date(sim.clock.ms), 'Europe/Amsterdam') + 1000;
    const selectedDomain = [...sim.state().domains.keys()][0] ?? '';
    const selected = callerIdPhoneSource(make(), [selectedDomain]);
    const dayStart = searches(sim);
    await drain(selected, true, sim);
    for (let at = POLL_MS; at < 24 * HOUR; at += POLL_MS) {
      sim.clock.ms += POLL_MS;
      await drain(selected, false, sim);
    }
    const withSelection = searches(sim) - dayStart;
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
    const baseline = await perDay(sim, old, {
      poll: () => everyContact(since()),
      full: () => everyContact(null),
      everyMs: BASELINE_POLL_MS,
      domains: domains.length,
    });
    return [
      {
        name: 'sync.yuki_background_calls_per_domain_day',
        value,
        unit: 'calls',
        baseline,
        ratio: round(value / baseline, 3),
      },
      {
        name: 'sync.yuki_background_calls_per_domain_day_one_selected',
        value: withSelection,
        unit: 'calls',
        baseline,
        ratio: round(withSelection / baseline, 3),
      },
    ];
  } finally {
    await sim.close();
  }
}
