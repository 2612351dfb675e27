// Contract tests: the AccountView connector against the in-process AccountView.net simulator.
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';

import { consentInBrowser, startTestAccountViewSim } from '../../sims/accountview/testing.js';
import { createHttpClient } from '../shared/http.js';
import { recordedSleep } from '../shared/http.testing.js';
import { createMemoryTokenStore } from '../shared/oauth2.js';
import { loopbackOutboundPolicy } from '../shared/outbound-policy.js';
import {
  beginAccountViewConnect,
  completeAccountViewConnect,
  createAccountViewConnector,
} from './accountview.connector.js';
import { getJson } from './client.js';
import { accountViewEndpoints } from './manifest.js';

import type { ConnectorError, Cursor, Page, PhoneRecord } from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { TestAccountViewSim } from '../../sims/accountview/testing.js';
import type { AuthorizationRequest, TokenStore } from '../shared/oauth2.js';
import type { AccountViewConnector, AccountViewDeps } from './accountview.connector.js';
import type { AccountViewSettings } from './settings.js';

const REDIRECT = 'https://crmhub.test/oauth/accountview/callback';
const OTHER_REDIRECT = 'https://crmhub.test/other/callback';
const GRANT = 'grant-1';

type World = {
  sim: TestAccountViewSim;
  settings: AccountViewSettings;
  store: TokenStore;
  deps: AccountViewDeps;
  clock: { now: Date };
  connector: AccountViewConnector;
  pending: AuthorizationRequest;
  sleeps: number[];
};

let world: World | null = null;

afterEach(async () => {
  await world?.sim.close();
  world = null;
});

/** A simulator with a registered app and a connector whose settings match it (not yet connected). */
async function setup(
  opts: {
    orgs?: number;
    extra?: Record<string, string>;
    pageSize?: number;
    timeoutMs?: number;
    maxAttempts?: number;
  } = {},
) {
  const clock = { now: new Date('2026-03-02T09:00:00Z') };
  const sim = await startTestAccountViewSim({
    orgs: opts.orgs ?? 30,
    clock: () => clock.now,
    ...(opts.extra === undefined ? {} : { extra: opts.extra }),
  });
  const app = sim.registerApp([REDIRECT, OTHER_REDIRECT]);
  const company = sim.companies[0];
  if (company === undefined) throw new Error('no company seeded');
  const settings: AccountViewSettings = {
    apiKey: app.clientId,
    apiSecret: app.clientSecret,
    companyId: company.id,
    redirectUri: REDIRECT,
  };
  const store = createMemoryTokenStore();
  const sleeps: number[] = [];
  const deps: AccountViewDeps = {
    tokenStore: store,
    clock: () => clock.now,
    endpoints: accountViewEndpoints(sim.url),
    outbound: loopbackOutboundPolicy,
    pageSize: opts.pageSize ?? 10,
    timeoutMs: opts.timeoutMs ?? 5_000,
    // Backoff waits are recorded instead of slept, so retries cost no time.
    http: {
      maxAttempts: opts.maxAttempts ?? 3,
      sleep: recordedSleep(sleeps),
    },
  };
  const pending = await beginAccountViewConnect(settings, deps);
  world = {
    sim,
    settings,
    store,
    deps,
    clock,
    pending,
    sleeps,
    connector: createAccountViewConnector(settings, GRANT, deps),
  };
  return world;
}

async function connect(w: World, settings: AccountViewSettings = w.settings) {
  const callback = await consentInBrowser(w.pending.url);
  return completeAccountViewConnect(settings, GRANT, { callbackUrl: callback, pending: w.pending }, w.deps);
}

async function connected(opts: Parameters<typeof setup>[0] = {}): Promise<World> {
  const w = await setup(opts);
  const result = await connect(w);
  if (!result.ok) throw new Error(`connect failed: ${result.error.message}`);
  return w;
}

async function collect<T>(pages: AsyncIterable<Result<Page<T>, ConnectorError>>): Promise<Result<T[], ConnectorError>> {
  const items: T[] = [];
  for await (const page of pages) {
    if (!page.ok) return page;
    items.push(...page.value.items);
  }
  return { ok: true, value: items };
}

function expectError(result: Result<unknown, ConnectorError>): ConnectorError {
  if (result.ok) throw new Error('expected an error, got ok');
  return result.error;
}

function onlyGrant(w: World) {
  const grants = [...w.sim.state.grants.values()];
  expect(grants).toHaveLength(1);
  const grant = grants[0];
  if (grant === undefined) throw new Error('no grant');
  return grant;
}

/** Every phone the simulator holds for the company, as (SUB_NR, field, raw). */
function expectedPhones(w: World): string[] {
  const tables = w.sim.state.tablesOf(w.settings.companyId);
  if (tables === undefined) throw new Error('no tables');
  const out: string[] = [];
  for (const kind of ['debtor', 'creditor'] as const) {
    for (const row of tables.contacts.scan(null, kind)) {
      for (const field of ['TEL_BUS', 'TEL_MOB'] as const) {
        const raw = row[field];
        if (typeof raw === 'string' && raw.trim() !== '') out.push(`${String(row['SUB_NR'])}|${field}|${raw.trim()}`);
      }
    }
  }
  return out.sort();
}

const keyOf = (p: PhoneRecord): string => `${p.recordId}|${p.field}|${p.raw}`;

describe('OAuth connect', () => {
  it('connects: code + PKCE exchange, tokens stored, companies listed', async () => {
    const w = await setup();
    expect(new URL(w.pending.url).searchParams.get('code_challenge_method')).toBe('S256');
    const result = await connect(w);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.companies.map((c) => c.id)).toEqual(w.sim.companies.map((c) => c.id));
    const tokens = await w.store.read(GRANT);
    expect(tokens?.refreshToken).toEqual(expect.any(String));
    expect(tokens?.expiresAt).toBe(new Date(w.clock.now.getTime() + 3600_000).toISOString());
    expect(onlyGrant(w).scope).toBe('readaccountviewdata');
  });

  it('names the API key/secret on invalid_client and never echoes the secret', async () => {
    const w = await setup();
    const error = expectError(await connect(w, { ...w.settings, apiSecret: 'not-the-secret' }));
    expect(error.code).toBe('auth_invalid');
    expect(error.message).toContain('invalid_client');
    expect(error.message).toContain('API secret');
    expect(error.message).not.toContain('not-the-secret');
    expect(await w.store.read(GRANT)).toBeNull();
  });

  it('shows the redirect mismatch on the authorize page and maps a mismatched exchange', async () => {
    const w = await setup();
    const unregistered = await beginAccountViewConnect({ ...w.settings, redirectUri: 'https://evil.test/cb' }, w.deps);
    await expect(consentInBrowser(unregistered.url)).rejects.toThrow(/redirect_uri .* komt niet overeen/);

    const error = expectError(await connect(w, { ...w.settings, redirectUri: OTHER_REDIRECT }));
    expect(error.code).toBe('auth_invalid');
    expect(error.message).toContain(`redirect URI (${OTHER_REDIRECT})`);
  });

  it('reports denied consent as access_denied', async () => {
    const w = await setup();
    const callback = await consentInBrowser(w.pending.url, { decision: 'deny' });
    const error = expectError(
      await completeAccountViewConnect(w.settings, GRANT, { callbackUrl: callback, pending: w.pending }, w.deps),
    );
    expect(error.code).toBe('auth_invalid');
    expect(error.message).toContain('access_denied');
  });

  it('refuses a callback whose state belongs to another attempt', async () => {
    const w = await setup();
    const callback = await consentInBrowser(w.pending.url);
    const other = await beginAccountViewConnect(w.settings, w.deps);
    const error = expectError(
      await completeAccountViewConnect(w.settings, GRANT, { callbackUrl: callback, pending: other }, w.deps),
    );
    expect(error.code).toBe('rejected');
    expect(error.message).toContain('state mismatch');
  });

  it('refuses an expired authorization code', async () => {
    const w = await setup();
    const callback = await consentInBrowser(w.pending.url);
    w.clock.now = new Date(w.clock.now.getTime() + 61_000);
    const error = expectError(
      await completeAccountViewConnect(w.settings, GRANT, { callbackUrl: callback, pending: w.pending }, w.deps),
    );
    expect(error.code).toBe('auth_invalid');
    expect(error.message).toMatch(/authorization code.*verlopen/);
  });

  it('reports an onderneming the grant does not reach, naming the field', async () => {
    const w = await setup();
    const error = expectError(await connect(w, { ...w.settings, companyId: randomUUID() }));
    expect(error.code).toBe('forbidden');
    expect(error.fieldErrors?.[0]?.field).toBe('companyId');
  });
});

describe('token refresh', () => {
  it('refreshes shortly before expiry, without a failed call, and stores the rotated token', async () => {
    const w = await connected();
    const before = await w.store.read(GRANT);
    expect((await w.connector.listCompanies()).ok).toBe(true);
    expect(onlyGrant(w).refreshCount).toBe(0);

    w.clock.now = new Date(w.clock.now.getTime() + 3600_000 - 30_000);
    expect((await w.connector.listCompanies()).ok).toBe(true);
    const after = await w.store.read(GRANT);
    expect(onlyGrant(w).refreshCount).toBe(1);
    expect(after?.refreshToken).not.toBe(before?.refreshToken);
    expect(after?.accessToken).not.toBe(before?.accessToken);
  });

  it('refreshes once and retries when AccountView refuses an access token it expired early', async () => {
    const w = await connected();
    await fetch(`${w.sim.url}/__sim/grants/${onlyGrant(w).id}/expire`, {
      method: 'POST',
      body: '{}',
      headers: { 'content-type': 'application/json' },
    });
    const result = await w.connector.listCompanies();
    expect(result.ok).toBe(true);
    expect(onlyGrant(w).refreshCount).toBe(1);
  });

  it('spends the rotating refresh token once when two connectors refresh at the same time', async () => {
    const w = await connected();
    const second = createAccountViewConnector(w.settings, GRANT, w.deps);
    w.clock.now = new Date(w.clock.now.getTime() + 3600_000 + 1000);
    const results = await Promise.all([w.connector.listCompanies(), second.listCompanies(), w.connector.verify()]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(onlyGrant(w).refreshCount).toBe(1);
    expect(onlyGrant(w).reusedRefreshTokens).toBe(0);
  });

  it('reports a reused (already rotated) refresh token as auth_expired', async () => {
    const w = await connected();
    const stale = await w.store.read(GRANT);
    if (stale === null) throw new Error('no tokens');
    w.clock.now = new Date(w.clock.now.getTime() + 3600_000 + 1000);
    expect((await w.connector.listCompanies()).ok).toBe(true);
    await w.store.save(GRANT, stale);
    const error = expectError(await w.connector.listCompanies());
    expect(error.code).toBe('auth_expired');
    expect(error.message).toContain('al gebruikt');
    expect(onlyGrant(w).reusedRefreshTokens).toBe(1);
  });

  it('reports a revoked grant as auth_expired', async () => {
    const w = await connected();
    await fetch(`${w.sim.url}/__sim/grants/${onlyGrant(w).id}/revoke`, { method: 'POST' });
    const error = expectError(await w.connector.listCompanies());
    expect(error.code).toBe('auth_expired');
    expect(error.message).toContain('Connect AccountView again');
  });

  it('reports an expired refresh token as auth_expired', async () => {
    const w = await connected();
    await fetch(`${w.sim.url}/__sim/grants/${onlyGrant(w).id}/expire`, {
      method: 'POST',
      body: JSON.stringify({ refresh: true }),
      headers: { 'content-type': 'application/json' },
    });
    const error = expectError(await w.connector.listCompanies());
    expect(error.code).toBe('auth_expired');
    expect(error.message).toContain('verlopen');
  });
});

describe('phone records and companies', () => {
  it('pages debtors and creditors to the end with TEL_BUS and TEL_MOB only', async () => {
    const w = await connected({ orgs: 57, pageSize: 10 });
    const result = await collect(w.connector.phoneRecords(null));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map(keyOf).sort()).toEqual(expectedPhones(w));
    expect(new Set(result.value.map((p) => p.field))).toEqual(new Set(['TEL_BUS', 'TEL_MOB']));
    expect(new Set(result.value.map((p) => p.recordKind))).toEqual(new Set(['debtor', 'creditor']));
    expect(result.value.some((p) => p.raw === '030 247 7711')).toBe(false);
  });

  it('stops exactly at the end when the last page is full', async () => {
    const w = await connected({ orgs: 50, pageSize: 10, extra: { creditorShare: '0.2' } });
    const pages: number[] = [];
    for await (const page of w.connector.companies(null)) {
      if (!page.ok) throw new Error(page.error.message);
      pages.push(page.value.items.length);
    }
    expect(pages).toEqual([10, 10, 10, 10]);
  });

  it('maps debtors to companies', async () => {
    const w = await connected({ orgs: 5 });
    const row = w.sim.state.tablesOf(w.settings.companyId)?.contacts.get('100001');
    const result = await w.connector.company('100001');
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value).toMatchObject({
      externalId: '100001',
      name: row?.['ACCT_NAME'],
      kvk: row?.['COC_CODE'],
      vat: row?.['VAT_NR'],
      phone: row?.['TEL_BUS'],
      updatedAt: row?.['CNG_DATE'],
    });
  });

  it('returns only records changed since the cursor (CNG_DATE)', async () => {
    const w = await connected({ orgs: 40 });
    const full = await collect(w.connector.phoneRecords(null));
    if (!full.ok) throw new Error(full.error.message);
    const cursor: Cursor = {
      modifiedSince: full.value.map((p) => p.updatedAt ?? '').reduce((a, b) => (a > b ? a : b)),
    };
    w.clock.now = new Date('2026-03-02T10:00:00Z');
    const patch = await fetch(`${w.sim.url}/__sim/companies/${w.settings.companyId}/records/AR1/100003`, {
      method: 'PATCH',
      body: JSON.stringify({ TEL_BUS: '020-555 12 34' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(patch.status).toBe(200);
    await fetch(`${w.sim.url}/__sim/companies/${w.settings.companyId}/records/AP1`, {
      method: 'POST',
      body: JSON.stringify({ SUB_NR: '990001', ACCT_NAME: 'Drukkerij Nieuw B.V.', TEL_BUS: '+31 30 765 4321' }),
      headers: { 'content-type': 'application/json' },
    });
    const changed = await collect(w.connector.phoneRecords(cursor));
    if (!changed.ok) throw new Error(changed.error.message);
    const ids = new Set(changed.value.map((p) => p.recordId));
    expect(ids.has('100003')).toBe(true);
    expect(ids.has('990001')).toBe(true);
    expect(ids.size).toBeLessThan(full.value.length / 4);
    expect(changed.value.find((p) => p.recordId === '100003' && p.field === 'TEL_BUS')?.raw).toBe('020-555 12 34');
    expect(changed.value.find((p) => p.recordId === '100003')?.updatedAt).toBe('2026-03-02T11:00:00');
  });

  it('no longer returns a record deleted in AccountView', async () => {
    const w = await connected({ orgs: 12 });
    const del = await fetch(`${w.sim.url}/__sim/companies/${w.settings.companyId}/records/AR1/100002`, {
      method: 'DELETE',
    });
    expect(del.status).toBe(204);
    const result = await collect(w.connector.phoneRecords(null));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.some((p) => p.recordId === '100002')).toBe(false);
    expect(expectError(await w.connector.company('100002')).code).toBe('not_found');
  });
});

describe('robustness', () => {
  it('reads a single record that AccountView sends as an object instead of an array (docs/external-systems/accountview.md#reading-data)', async () => {
    const w = await connected({ orgs: 11, pageSize: 4, extra: { singleRecordAsObject: 'true', creditorShare: '0' } });
    const result = await collect(w.connector.companies(null));
    if (!result.ok) throw new Error(result.error.message);
    expect(result.value.map((c) => c.externalId)).toEqual(Array.from({ length: 11 }, (_, i) => String(100_001 + i)));
  });
});

describe('x-company', () => {
  it('maps a missing x-company header', async () => {
    const w = await connected();
    const token = (await w.store.read(GRANT))?.accessToken ?? '';
    const result = await getJson(
      { apiBaseUrl: `${w.sim.url}/api/v3`, http: createHttpClient({ outbound: loopbackOutboundPolicy }) },
      '/accountviewdata',
      {
        accessToken: token,
        companyId: null,
        query: new URLSearchParams({ BusinessObject: 'AR1' }),
      },
    );
    const error = expectError(result);
    expect(error.code).toBe('forbidden');
    expect(error.message).toContain('x-company ontbreekt');
  });

  it('maps an onderneming the user is not linked to', async () => {
    const w = await connected();
    const other = w.sim.state.addCompany({ code: 'ANDERS', description: 'Andere Onderneming B.V.' });
    const connector = createAccountViewConnector({ ...w.settings, companyId: other.id }, GRANT, w.deps);
    const error = expectError(await connector.verify());
    expect(error.code).toBe('forbidden');
    expect(error.fieldErrors?.[0]?.field).toBe('companyId');
    const data = await collect(connector.phoneRecords(null));
    expect(expectError(data).message).toContain(other.id);
  });
});

describe('AccountView prerequisites (seed text)', () => {
  const cases = [
    {
      name: 'app not added as restricted app',
      patch: 'user',
      body: { restrictedApps: [] },
      expect: 'Beperkt toegankelijke app toevoegen',
    },
    {
      name: 'server access not allowed',
      patch: 'user',
      body: { serverAccess: false },
      expect: 'Backoffice server-limitatie voor deze gebruiker toestaan',
    },
    { name: 'user without e-mail', patch: 'user', body: { email: null }, expect: 'enter an e-mail address' },
    {
      name: 'user not in Boekhouding',
      patch: 'user',
      body: { groups: ['Verkoop'] },
      expect: 'add the user to the group Boekhouding',
    },
    {
      name: 'administration not entered',
      patch: 'user',
      body: { administrations: [] },
      expect: 'enter the Administratie for the user',
    },
    { name: 'no book year', patch: 'company', body: { bookYears: [] }, expect: 'add the boekjaar' },
    { name: 'company blocked', patch: 'company', body: { blocked: true }, expect: 'uncheck BLK' },
  ] as const;

  for (const c of cases) {
    it(`says what to fix when ${c.name}`, async () => {
      const w = await connected();
      expect((await w.connector.verify()).ok).toBe(true);
      const path = c.patch === 'user' ? `users/${w.sim.user.id}` : `companies/${w.settings.companyId}`;
      const res = await fetch(`${w.sim.url}/__sim/${path}`, {
        method: 'PATCH',
        body: JSON.stringify(c.body),
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(200);
      const error = expectError(await w.connector.verify());
      expect(error.code).toBe('forbidden');
      expect(error.message).toContain(c.expect);
      expect(error.message).toContain('Stamgegevens systeem');
    });
  }

  it('falls back to AccountView’s own words for a message it does not recognise', async () => {
    const w = await connected({
      extra: { prerequisiteMessages: JSON.stringify({ book_year: 'Fout 4711 in onderneming.' }) },
    });
    w.sim.companies[0]?.bookYears.splice(0);
    const error = expectError(await w.connector.verify());
    expect(error.code).toBe('rejected');
    expect(error.message).toContain('Fout 4711 in onderneming.');
  });
});

async function withFault(w: World, spec: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${w.sim.url}/__sim/faults`, {
    method: 'POST',
    body: JSON.stringify({ pathPrefix: '/api/v3/accountviewdata', ...spec }),
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status).toBe(201);
}
const firstPage = async (w: World) => {
  for await (const page of w.connector.phoneRecords(null)) return page;
  throw new Error('no page');
};

describe('faults', () => {
  it('retries a passing 500 and succeeds', async () => {
    const w = await connected();
    await withFault(w, { kind: 'status', status: 500, count: 1 });
    expect((await firstPage(w)).ok).toBe(true);
    expect(w.sleeps).toHaveLength(1);
  });

  it('maps a lasting HTTP 500 to transient after the retries', async () => {
    const w = await connected();
    await withFault(w, { kind: 'status', status: 500, count: 3 });
    const error = expectError(await firstPage(w));
    expect(error.code).toBe('transient');
    expect(error.message).toContain('HTTP 500');
    expect((await firstPage(w)).ok).toBe(true);
  });

  it('waits out a short Retry-After, and reports a lasting 429 as rate_limited', async () => {
    const w = await connected();
    await withFault(w, { kind: 'rate_limit', retryAfterSeconds: 7, count: 1 });
    expect((await firstPage(w)).ok).toBe(true);
    expect(w.sleeps).toEqual([7000]);
    await withFault(w, { kind: 'rate_limit', retryAfterSeconds: 7, count: 3 });
    const error = expectError(await firstPage(w));
    expect(error).toMatchObject({ code: 'rate_limited', retryAfterMs: 7000 });
  });

  it('maps a reset connection to transient', async () => {
    const w = await connected({ maxAttempts: 1 });
    await withFault(w, { kind: 'reset', count: 1 });
    expect(expectError(await firstPage(w))).toMatchObject({ code: 'transient', network: 'connection_reset' });
  });

  it('maps a hanging request to transient after the timeout', async () => {
    const w = await connected({ timeoutMs: 300, maxAttempts: 1 });
    await withFault(w, { kind: 'timeout', count: 1 });
    const error = expectError(await firstPage(w));
    expect(error).toMatchObject({ code: 'transient', network: 'timeout' });
    expect(error.message).toBe(`Could not reach AccountView at ${new URL(w.sim.url).host}`);
  });

  it('maps a truncated body to transient', async () => {
    const w = await connected({ maxAttempts: 1 });
    await withFault(w, { kind: 'malformed', count: 1 });
    const error = expectError(await firstPage(w));
    expect(error).toMatchObject({ code: 'transient', network: 'malformed_response' });
  });

  it('still succeeds under added latency', async () => {
    const w = await connected();
    await withFault(w, { kind: 'latency', latencyMs: 50, count: 1 });
    expect((await firstPage(w)).ok).toBe(true);
  });

  it('maps a 429 from the token endpoint to rate_limited with its Retry-After', async () => {
    const w = await connected();
    await withFault(w, { kind: 'rate_limit', retryAfterSeconds: 5, count: 1, pathPrefix: '/api/v3/token' });
    w.clock.now = new Date(w.clock.now.getTime() + 3600_000 + 1000);
    expect(expectError(await w.connector.listCompanies())).toMatchObject({ code: 'rate_limited', retryAfterMs: 5000 });
  });

  it('keeps the stored tokens when the token endpoint fails during a refresh', async () => {
    const w = await connected();
    const before = await w.store.read(GRANT);
    await withFault(w, { kind: 'status', status: 503, count: 1, pathPrefix: '/api/v3/token' });
    w.clock.now = new Date(w.clock.now.getTime() + 3600_000 + 1000);
    const error = expectError(await w.connector.listCompanies());
    expect(error.code).toBe('transient');
    expect(await w.store.read(GRANT)).toEqual(before);
    expect((await w.connector.listCompanies()).ok).toBe(true);
  });
});
