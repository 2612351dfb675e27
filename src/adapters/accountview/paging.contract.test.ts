// Contract: every debtor is read whatever PageSize cap the AccountView server applies (issue 10, external-apis §10.3).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { consentInBrowser, startTestAccountViewSim } from '../../sims/accountview/testing.js';
import { createMemoryTokenStore } from '../shared/oauth2.js';
import {
  beginAccountViewConnect,
  completeAccountViewConnect,
  createAccountViewConnector,
} from './accountview.connector.js';
import { accountViewEndpoints } from './manifest.js';
import { accountViewPhoneSource } from './phones.js';

import type { ConnectorError, Page } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { TestAccountViewSim } from '../../sims/accountview/testing.js';
import type { AccountViewDeps } from './accountview.connector.js';
import type { AccountViewSettings } from './settings.js';

const REDIRECT = 'https://crmhub.test/oauth/accountview/callback';
const DEBTORS = 1000;
const CREDITORS = 250;

async function collect<T>(pages: AsyncIterable<Result<Page<T>, ConnectorError>>): Promise<T[]> {
  const items: T[] = [];
  for await (const page of pages) {
    if (!page.ok) throw new Error(page.error.message);
    items.push(...page.value.items);
  }
  return items;
}

async function connectedTo(sim: TestAccountViewSim): Promise<{ settings: AccountViewSettings; deps: AccountViewDeps }> {
  const app = sim.registerApp([REDIRECT]);
  const company = sim.companies[0];
  if (company === undefined) throw new Error('no company seeded');
  const settings = { apiKey: app.clientId, apiSecret: app.clientSecret, companyId: company.id, redirectUri: REDIRECT };
  // No pageSize: the connector asks for its production size (500), above the caps below 1,000.
  const deps: AccountViewDeps = {
    tokenStore: createMemoryTokenStore(),
    clock: () => new Date(),
    endpoints: accountViewEndpoints(sim.url),
  };
  const pending = await beginAccountViewConnect(settings, deps);
  const callbackUrl = await consentInBrowser(pending.url);
  const done = await completeAccountViewConnect(settings, 'grant', { callbackUrl, pending }, deps);
  if (!done.ok) throw new Error(done.error.message);
  return { settings, deps };
}

describe.each([50, 100, 200, 1000])('a server capping PageSize at %i', (cap) => {
  let sim: TestAccountViewSim;
  let world: { settings: AccountViewSettings; deps: AccountViewDeps };
  beforeAll(async () => {
    sim = await startTestAccountViewSim({
      orgs: DEBTORS + CREDITORS,
      extra: { maxPageSize: String(cap), creditorShare: String(CREDITORS / (DEBTORS + CREDITORS)) },
    });
    world = await connectedTo(sim);
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
