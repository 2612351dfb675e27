// Caller ID from Yuki against the simulator: the administrations' phones always, contacts only of selected domains,
// and background calls held to 5% of each domain's daily quota (product decision 4).
import { afterEach, describe, expect, it } from 'vitest';

import { startTestYukiSim } from '../../sims/yuki/testing.js';
import { loopbackOutboundPolicy } from '../shared/outbound-policy.js';
import { callerIdPhoneSource } from './callerid-phones.js';
import { yukiEndpoints } from './manifest.js';
import { createMemoryQuotaLedger } from './quota-ledger.js';
import { parseYukiSettings } from './settings.js';
import { simGrant } from './sim-grant.testing.js';
import { createYukiConnector } from './yuki.connector.js';

import type { PhoneRecord } from '../../core/connector.js';
import type { ListeningTestSim } from '../../sims/yuki/testing.js';
import type { PhoneSource } from '../shared/system.js';

let sim: ListeningTestSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function world(dailyCallLimit = 1000) {
  sim = await startTestYukiSim({ seed: 5, orgs: 4 });
  const live = sim;
  const { settings, grant } = await simGrant(live);
  const { portalId } = (await (await fetch(`${live.url}/__sim/credentials`)).json()) as { portalId: string };
  const parsed = parseYukiSettings({ accessKey: live.key, portalId, vismaConnect: settings, dailyCallLimit });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  const target = createYukiConnector(parsed.value, {
    clock: () => new Date(live.clock.ms),
    ledger: createMemoryQuotaLedger(),
    endpoints: yukiEndpoints({ baseUrl: live.url }),
    platformGrant: grant,
    http: { outbound: loopbackOutboundPolicy },
  });
  const domains = [...live.state().domains.values()].map((d) => d.id);
  const calls = async (): Promise<Record<string, number>> =>
    ((await (await fetch(`${live.url}/__sim/calls`)).json()) as { calls: Record<string, number> }).calls;
  return { sim: live, target, domains, calls };
}

async function read(source: PhoneSource, full: boolean): Promise<{ records: PhoneRecord[]; errors: string[] }> {
  const records: PhoneRecord[] = [];
  const errors: string[] = [];
  for await (const page of source.phoneRecords(full ? null : { modifiedSince: '2024-07-01T09:00:00' })) {
    if (page.ok) records.push(...page.value.items);
    else errors.push(page.error.code);
  }
  return { records, errors };
}

describe('caller ID from Yuki', () => {
  it('indexes no contact by default; a poll then makes no call', async () => {
    const w = await world();
    const full = await read(callerIdPhoneSource(w.target, []), true);
    // Administrations' company phones: no documented read returns them (SOAP Administrations has no phone), so the
    // documented-only simulator yields none (docs/external-systems/yuki.md#caller-id-numbers).
    expect(full.records.every((r) => r.recordKind === 'organization' && r.field === 'phone')).toBe(true);
    expect((await w.calls())['SearchContacts'] ?? 0).toBe(0);
    const before = await w.calls();
    expect(await read(callerIdPhoneSource(w.target, []), false)).toEqual({ records: [], errors: [] });
    expect(await w.calls()).toEqual(before);
  });

  it('adds the contacts of the selected domain only', async () => {
    const w = await world();
    const [chosen] = w.domains;
    const full = await read(callerIdPhoneSource(w.target, [chosen ?? '']), true);
    const contacts = full.records.filter((r) => r.recordKind === 'contact');
    expect(contacts.length).toBeGreaterThan(0);
    const ids = new Set(
      w.sim
        .state()
        .contactsOf(chosen ?? '')
        ?.byId.keys(),
    );
    expect(contacts.every((r) => ids.has(r.recordId))).toBe(true);
  });

  it('stops polling a domain once caller ID used 5% of its daily quota; a full run then fails and keeps what it had', async () => {
    const w = await world(100); // share: 5 calls
    const [chosen] = w.domains;
    const source = callerIdPhoneSource(w.target, [chosen ?? '']);
    for (let poll = 0; poll < 8; poll += 1) expect((await read(source, false)).errors).toEqual([]);
    const status = await w.target.quota(chosen ?? '');
    expect(status.background).toEqual({ used: 5, limit: 5 });
    expect(w.sim.state().quotaUsage(chosen ?? '').used).toBeLessThanOrEqual(5);
    expect((await read(source, true)).errors).toEqual(['quota_exhausted']);
  });
});
