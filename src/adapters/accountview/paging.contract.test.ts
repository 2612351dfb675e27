// Contract: every debtor is read whatever PageSize cap the AccountView server applies (issue 10, external-apis §10.3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { collectPages as collect, connectToSim } from '../../../test/helpers/accountview.js';
import { startTestAccountViewSim } from '../../sims/accountview/testing.js';
import { loopbackOutboundPolicy } from '../shared/outbound-policy.js';
import { createAccountViewConnector } from './accountview.connector.js';
import { accountViewPhoneSource } from './phones.js';

import type { ConnectedSim } from '../../../test/helpers/accountview.js';
import type { TestAccountViewSim } from '../../sims/accountview/testing.js';

const DEBTORS = 1000;
const CREDITORS = 250;

describe.each([50, 100, 200, 1000])('a server capping PageSize at %i', (cap) => {
  let sim: TestAccountViewSim;
  let world: ConnectedSim;
  beforeAll(async () => {
    sim = await startTestAccountViewSim({
      orgs: DEBTORS + CREDITORS,
      extra: { maxPageSize: String(cap), creditorShare: String(CREDITORS / (DEBTORS + CREDITORS)) },
    });
    world = await connectToSim(sim);
  });
  afterAll(() => sim.close());

  it('gives the connector sync every debtor', async () => {
    const connector = createAccountViewConnector(world.settings, 'grant', world.deps);
    const companies = await collect(connector.companies(null));
    expect(companies).toHaveLength(DEBTORS);
    expect(new Set(companies.map((c) => c.externalId)).size).toBe(DEBTORS);
  });

  it('gives the caller-ID index load the phones of every debtor and creditor', async () => {
    const source = await accountViewPhoneSource.create({
      connectionId: 'c1',
      baseUrl: sim.url,
      credentials: () => ({ ...world.settings, companies: [] }),
      grantId: 'grant',
      tokenStore: world.deps.tokenStore,
      clock: world.deps.clock,
      recordSource: () => Promise.reject(new Error('not used')),
      portalTarget: () => Promise.reject(new Error('not used')),
      outbound: loopbackOutboundPolicy,
      contactDomains: () => Promise.resolve([]),
    });
    if (!source.ok) throw new Error(source.error.message);
    const records = await collect(source.value.phoneRecords(null));
    const owners = new Set(records.map((r) => `${r.recordKind}:${r.recordId}`));
    const tables = sim.state.tablesOf(world.settings.companyId);
    const withPhone = ['debtor', 'creditor'].flatMap((kind) =>
      [...(tables?.contacts.scan(null, kind as 'debtor' | 'creditor') ?? [])]
        .filter((row) => ['TEL_BUS', 'TEL_MOB'].some((f) => String(row[f] ?? '').trim() !== ''))
        .map((row) => `${kind}:${String(row['SUB_NR'])}`),
    );
    expect(withPhone.length).toBeGreaterThan(DEBTORS / 2);
    expect([...owners].sort()).toEqual(withPhone.sort());
  });
});
