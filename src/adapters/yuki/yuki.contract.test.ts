// Contract tests: the Yuki connector (PortalTarget) against the in-process Yuki simulator.
import { afterEach, describe, expect, it } from 'vitest';

import { startTestYukiSim } from '../../sims/yuki/testing.js';
import { recordedSleep } from '../shared/http.testing.js';
import { loopbackOutboundPolicy } from '../shared/outbound-policy.js';
import { createSessionPool } from '../shared/session-pool.js';
import { createYukiClient } from './client.js';
import { yukiEndpoints } from './manifest.js';
import { createMemoryQuotaLedger } from './quota-ledger.js';
import { parseYukiSettings } from './settings.js';
import { simGrant } from './sim-grant.testing.js';
import { createYukiConnector } from './yuki.connector.js';

import type {
  AdministrationRef,
  ConnectorError,
  Page,
  PortalContact,
  PortalContactId,
  QuotaLedger,
} from '../../core/connector.js';
import type { Result } from '../../core/result.js';
import type { SimAdministration } from '../../sims/yuki/state.js';
import type { ListeningTestSim } from '../../sims/yuki/testing.js';
import type { HttpOptions } from '../shared/http.js';
import type { SessionPool } from '../shared/session-pool.js';
import type { YukiConnector } from './yuki.connector.js';

const HIGH = { priority: 'high' } as const;
const LOW = { priority: 'low' } as const;

type World = {
  sim: ListeningTestSim;
  connector: YukiConnector;
  ledger: QuotaLedger;
  /** The connector's clock; the simulator's own clock can be moved apart with POST /__sim/clock. */
  clock: { ms: number };
  sleeps: number[];
  domainId: string;
  json: <T>(path: string, init?: { method: string; body?: unknown }) => Promise<T>;
  calls: () => Promise<Record<string, number>>;
  make: (settings?: Record<string, unknown>, http?: HttpOptions, sessions?: SessionPool) => YukiConnector;
};

let world: World | null = null;
afterEach(async () => {
  await world?.sim.close();
  world = null;
});

/** The simulator's n-th administration (in seed order) and the reference the connector takes for it. */
function simAdministration(w: World, n: number): { a: SimAdministration; ref: AdministrationRef } {
  const a = w.sim.state().allAdministrations()[n];
  if (!a) throw new Error('no administration');
  return { a, ref: { domainId: a.domainId, administrationId: a.id } };
}
async function setup(
  opts: {
    orgs?: number;
    options?: Record<string, unknown>;
    settings?: Record<string, unknown>;
    http?: HttpOptions;
  } = {},
): Promise<World> {
  const sim = await startTestYukiSim({
    seed: 11,
    orgs: opts.orgs ?? 2,
    ...(opts.options ? { options: opts.options } : {}),
  });
  const clock = sim.clock;
  const sleeps: number[] = [];
  const json = async <T>(path: string, init?: { method: string; body?: unknown }): Promise<T> => {
    const res = await fetch(`${sim.url}${path}`, {
      method: init?.method ?? 'GET',
      ...(init?.body === undefined
        ? {}
        : { body: JSON.stringify(init.body), headers: { 'content-type': 'application/json' } }),
    });
    return (await res.json()) as T;
  };
  const creds = await json<{ portalId: string; accessKeys: { key: string }[] }>('/__sim/credentials');
  const { settings: vismaConnect, grant } = await simGrant(sim);
  const ledger = createMemoryQuotaLedger();
  const make = (
    settings: Record<string, unknown> = {},
    http: HttpOptions = {},
    sessions?: SessionPool,
  ): YukiConnector => {
    const parsed = parseYukiSettings({ accessKey: creds.accessKeys[0]?.key, ...settings });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
    return createYukiConnector(parsed.value, {
      clock: () => new Date(clock.ms),
      ledger,
      endpoints: yukiEndpoints({ baseUrl: sim.url }),
      platformGrant: grant,
      ...(sessions === undefined ? {} : { sessions }),
      http: {
        sleep: recordedSleep(sleeps),
        random: () => 0,
        timeoutMs: 5000,
        outbound: loopbackOutboundPolicy,
        ...opts.http,
        ...http,
      },
    });
  };
  const withPlatform = { vismaConnect, portalId: creds.portalId };
  const connector = make({ ...withPlatform, ...opts.settings });
  const domainId = [...sim.state().domains.values()][0]?.id ?? '';
  const calls = async () => (await json<{ calls: Record<string, number> }>('/__sim/calls')).calls;
  world = {
    sim,
    connector,
    ledger,
    clock,
    sleeps,
    domainId,
    json,
    calls,
    make: (s = {}, h = {}, pool) => make({ ...withPlatform, ...s }, h, pool),
  };
  return world;
}

async function collect(
  pages: AsyncIterable<Result<Page<PortalContact>, ConnectorError>>,
): Promise<{ items: PortalContact[]; pages: number[]; error: ConnectorError | null }> {
  const items: PortalContact[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    if (!page.ok) return { items, pages: sizes, error: page.error };
    sizes.push(page.value.items.length);
    items.push(...page.value.items);
  }
  return { items, pages: sizes, error: null };
}

const contactIds = (w: World, domainId = w.domainId): string[] => [
  ...(w.sim.state().contactsOf(domainId)?.byId.keys() ?? []),
];

describe('credentials and sessions', () => {
  it('verifies a good key and reports a bad one as auth_invalid with Yuki’s words, never echoing the key', async () => {
    const w = await setup();
    expect(await w.connector.verify(HIGH)).toEqual({ ok: true, value: undefined });
    const bad = w.make({ accessKey: 'ffffffffffffffffffffffffffffffff' });
    const r = await bad.verify(HIGH);
    expect(r).toEqual({
      ok: false,
      error: { code: 'auth_invalid', message: 'Invalid access key', systemSaid: 'Invalid access key' },
    });
  });

  it('reuses one session for many calls', async () => {
    const w = await setup();
    await w.connector.listDomains(HIGH);
    await w.connector.listDomains(HIGH);
    await w.connector.readContact(w.domainId, (contactIds(w)[0] ?? '') as PortalContactId, HIGH);
    expect(await w.calls()).toEqual({ Authenticate: 1, Domains: 2, SearchContacts: 1 });
  });

  it('re-authenticates exactly once when Yuki says the session expired, and the call then succeeds', async () => {
    const w = await setup();
    await w.connector.listDomains(HIGH);
    await w.json('/__sim/clock', { method: 'POST', body: { advanceMs: 31 * 60_000 } });
    const r = await w.connector.listDomains(HIGH);
    expect(r.ok && r.value).toHaveLength(2);
    expect(await w.calls()).toEqual({ Authenticate: 2, Domains: 3 });
  });

  it('shares one re-authentication between concurrent calls that hit the expired session', async () => {
    const w = await setup();
    await w.connector.listDomains(HIGH);
    await w.json('/__sim/clock', { method: 'POST', body: { advanceMs: 31 * 60_000 } });
    const results = await Promise.all([
      w.connector.listDomains(HIGH),
      w.connector.listDomains(HIGH),
      w.connector.listDomains(HIGH),
    ]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await w.calls())['Authenticate']).toBe(2);
  });

  it('gives up with auth_expired when the new session expires too, after one retry', async () => {
    const w = await setup();
    await w.json('/__sim/options', {
      method: 'PATCH',
      body: { sessionIdleMinutes: 0, sessionFaultMessage: 'Sessie is verlopen' },
    });
    const r = await w.connector.listDomains(HIGH);
    expect(r).toEqual({
      ok: false,
      error: { code: 'auth_expired', message: 'Sessie is verlopen', systemSaid: 'Sessie is verlopen' },
    });
    expect(await w.calls()).toEqual({ Authenticate: 2, Domains: 2 });
  });

  it('authenticates again before a call after the idle time, without wasting a call on a dead session', async () => {
    const w = await setup();
    await w.connector.listDomains(HIGH);
    w.clock.ms += 21 * 60_000;
    await w.json('/__sim/clock', { method: 'POST', body: { advanceMs: 10 * 60_000 } }); // the sim saw 31 min idle
    expect((await w.connector.listDomains(HIGH)).ok).toBe(true);
    expect(await w.calls()).toEqual({ Authenticate: 2, Domains: 2 });
  });
});

/** The simulator with the undocumented company read by id and write (the opt-in automatic write mode). */
const assumedWrite = { platformCompanyReads: true, platformCompanyWrite: true };

describe('domains and administration profiles (documented reads only)', () => {
  it('lists domains and administrations over SOAP: VAT from Administrations, what SOAP lacks is unknown, not empty', async () => {
    const w = await setup();
    const domains = await w.connector.listDomains(HIGH);
    const state = w.sim.state();
    expect(domains.ok && domains.value.map((d) => d.id)).toEqual([...state.domains.keys()]);
    const admins = await w.connector.listAdministrations(HIGH);
    if (!admins.ok) throw new Error(admins.error.message);
    const a = state.allAdministrations()[0];
    expect(admins.value[0]).toMatchObject({
      id: a?.id,
      domainId: a?.domainId,
      name: a?.name,
      active: true,
      profile: {
        name: a?.name,
        addressLine: a?.addressLine,
        postcode: a?.postcode,
        city: a?.city,
        country: 'NL',
        kvk: a?.cocNumber,
        vat: a?.vatNumber,
        email: null,
        phone: null,
        mailAddressLine: null,
        contactLastName: null,
      },
    });
    expect(admins.value[0]?.unknown).toEqual(expect.arrayContaining(['email', 'phone', 'mailCity', 'contactLastName']));
    const ref = { domainId: a?.domainId ?? '', administrationId: a?.id ?? '' };
    expect((await w.connector.readProfile(ref, HIGH)).ok).toBe(true);
    // No Platform API call at all: the company list and read by id are not documented.
    expect(await w.calls()).toEqual({ Authenticate: 1, Domains: 1, Administrations: 2 });
  });

  it('cannot write a profile against the strict simulator: Yuki publishes no company write', async () => {
    const w = await setup();
    const { a, ref } = simAdministration(w, 0);
    expect(await w.connector.writeProfile(ref, { city: 'Ede' }, HIGH)).toMatchObject({ ok: false });
    expect(a.city).not.toBe('Ede');
    const soapOnly = w.make({ vismaConnect: null, portalId: null });
    expect(await soapOnly.writeProfile(ref, { city: 'Ede' }, HIGH)).toMatchObject({
      ok: false,
      error: { code: 'unsupported' },
    });
  });
});

describe('automatic write mode ([I] the unpublished company write, docs/external-systems/yuki.md#write-modes)', () => {
  it('writes profile fields in one call; the answer is read as the documented Company; SOAP shows the change', async () => {
    const w = await setup({ options: assumedWrite });
    const { a, ref } = simAdministration(w, 1);
    const before = w.sim.state().quotaUsage(a.domainId).used;
    const written = await w.connector.writeProfile(
      ref,
      { postcode: '1011 AB', phone: '020 123 4567', email: null, vat: 'NL123456782B01' },
      HIGH,
    );
    expect(written.ok && written.value.profile).toMatchObject({
      postcode: '1011 AB',
      phone: '020 123 4567',
      email: null,
      name: a.name,
      vat: null,
    });
    expect(written.ok && written.value.unknown).toContain('vat');
    expect(w.sim.state().quotaUsage(a.domainId).used - before).toBe(1);
    const read = await w.connector.readProfile(ref, HIGH);
    expect(read.ok && read.value.profile).toMatchObject({ postcode: '1011 AB', vat: 'NL123456782B01' });
    const used = w.sim.state().quotaUsage(a.domainId).used;
    expect(await w.connector.writeProfile(ref, { name: '' }, HIGH)).toMatchObject({
      ok: false,
      error: { code: 'rejected', fieldErrors: [{ field: 'name' }] },
    });
    expect(w.sim.state().quotaUsage(a.domainId).used).toBe(used);
  });
});

describe('automatic write mode: the stale guard reads only what the write touches', () => {
  const read = '/portals/:portalId/companies/:companyId';

  it('reads the company alone for name, e-mail, phone and KvK (no SOAP call), and SOAP Administrations for VAT', async () => {
    const w = await setup({ options: assumedWrite });
    const { a, ref } = simAdministration(w, 1);
    const company = await w.connector.readProfileForWrite?.(ref, {
      ...HIGH,
      fields: ['name', 'email', 'phone', 'kvk'],
    });
    expect(company?.ok && company.value.profile).toMatchObject({ name: a.name, kvk: a.cocNumber, vat: null });
    expect(company?.ok && company.value.unknown).toContain('vat');
    expect(await w.calls()).toEqual({ [`GET ${read}`]: 1 });

    const withVat = await w.connector.readProfileForWrite?.(ref, { ...HIGH, fields: ['name', 'vat'] });
    expect(withVat?.ok && withVat.value.profile).toMatchObject({ name: a.name, vat: a.vatNumber });
    expect(withVat?.ok && withVat.value.unknown).not.toContain('vat');
    const all = await w.connector.readProfileForWrite?.(ref, HIGH);
    expect(all?.ok && all.value.profile).toMatchObject({ name: a.name, vat: a.vatNumber });
    expect(await w.calls()).toEqual({ [`GET ${read}`]: 3, Authenticate: 1, Administrations: 2 });
  });

  it('reports an administration the company read does not know as not_found, without a SOAP call', async () => {
    const w = await setup({ options: assumedWrite });
    const a = w.sim.state().allAdministrations()[0];
    const ref = { domainId: a?.domainId ?? '', administrationId: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' };
    expect(await w.connector.readProfileForWrite?.(ref, { ...HIGH, fields: ['email'] })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await w.calls()).toEqual({ [`GET ${read}`]: 1 });
  });
});

describe('several administrations at once (a bulk link reads a chunk so)', () => {
  it('makes one SOAP Administrations call for all of them; each result is what a single read gives', async () => {
    const w = await setup({ orgs: 3, options: assumedWrite });
    const refs = w.sim
      .state()
      .allAdministrations()
      .map((a) => ({ domainId: a.domainId, administrationId: a.id }));
    const unknown = { domainId: refs[0]?.domainId ?? '', administrationId: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' };
    const forWrite = await w.connector.readProfiles([...refs, unknown], { ...HIGH, forWrite: true });
    const read = '/portals/:portalId/companies/:companyId';
    // Every company read on its own (the unknown one ends there), one SOAP list for the VAT numbers.
    expect(await w.calls()).toEqual({ [`GET ${read}`]: 4, Authenticate: 1, Administrations: 1 });
    const documented = await w.connector.readProfiles([...refs, unknown], { ...HIGH, forWrite: false });
    expect(await w.calls()).toEqual({ [`GET ${read}`]: 4, Authenticate: 1, Administrations: 2 });
    for (const [index, ref] of refs.entries()) {
      expect(forWrite[index]).toEqual(await w.connector.readProfileForWrite?.(ref, HIGH));
      expect(documented[index]).toEqual(await w.connector.readProfile(ref, HIGH));
    }
    expect(forWrite[3]).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(documented[3]).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });
});

describe('automatic write mode: a grant that may not make the call', () => {
  it('reads a Platform API 403 as a grant without the needed scope, saying what to do, and writes nothing', async () => {
    const w = await setup({ options: assumedWrite });
    const { ref } = simAdministration(w, 0);
    await w.json('/__sim/faults', {
      method: 'POST',
      body: { pathPrefix: '/api/v1/', kind: 'status', status: 403, count: 1 },
    });
    const r = await w.connector.readProfileForWrite?.(ref, { ...HIGH, fields: ['email'] });
    expect(r).toMatchObject({ ok: false, error: { code: 'forbidden', reason: 'scope_missing' } });
    expect(r?.ok === false && r.error.message).toContain('connect Visma Connect again');
    expect(await w.calls()).toEqual({});
  });
});

describe('one SOAP session for every connector of a key (docs/external-systems/yuki.md#sessions)', () => {
  it('shares the session between connectors built from one pool, and re-authenticates once when Yuki drops it', async () => {
    const w = await setup();
    const pool = createSessionPool();
    const pooled = (): YukiConnector => w.make({}, {}, pool);
    expect((await pooled().listDomains(HIGH)).ok).toBe(true);
    expect((await pooled().listDomains(HIGH)).ok).toBe(true);
    expect(await w.calls()).toEqual({ Authenticate: 1, Domains: 2 });
    // Without the pool (or with another key) a connector logs in by itself.
    expect((await w.make().listDomains(HIGH)).ok).toBe(true);
    expect((await w.calls())['Authenticate']).toBe(2);

    // Yuki forgets the session (idle on its side): the next connector re-authenticates once, and the ones after reuse it.
    await w.json('/__sim/clock', { method: 'POST', body: { advanceMs: 31 * 60_000 } });
    expect((await pooled().listDomains(HIGH)).ok).toBe(true);
    expect((await pooled().listDomains(HIGH)).ok).toBe(true);
    expect(await w.calls()).toEqual({ Authenticate: 3, Domains: 6 });
    // After the connector's own idle window (20 minutes) the pooled session is not used: a fresh login first.
    w.clock.ms += 21 * 60_000;
    expect((await pooled().listDomains(HIGH)).ok).toBe(true);
    expect(await w.calls()).toEqual({ Authenticate: 4, Domains: 7 });
  });
});

/** Seed 11 gives the fourth firm a Postbus and a contact with a tussenvoegsel. */
async function withPostbus() {
  const w = await setup({ orgs: 4, options: assumedWrite });
  const a = w.sim.state().allAdministrations()[3];
  if (!a) throw new Error('no administration');
  expect(a).toMatchObject({
    mailingAddressLine: expect.stringMatching(/^Postbus /) as unknown,
    contactMiddleName: 'te',
  });
  const ref = { domainId: a.domainId, administrationId: a.id };
  const used = (): number => w.sim.state().quotaUsage(a.domainId).used;
  return { w, a, ref, used };
}

describe('automatic write mode: postal address and contact person ([I] docs/external-systems/yuki.md#write-modes)', () => {
  it('changes one postal field without losing the others, reading first (one extra call) only then', async () => {
    const { w, a, ref, used } = await withPostbus();
    const line = a.mailingAddressLine;
    const postcode = a.mailingPostcode;
    const before = used();
    const written = await w.connector.writeProfile(ref, { mailCity: 'Ede' }, HIGH);
    expect(written.ok && written.value.profile).toMatchObject({
      mailAddressLine: line,
      mailPostcode: postcode,
      mailCity: 'Ede',
      mailCountry: 'NL',
    });
    expect(a).toMatchObject({ mailingAddressLine: line, mailingPostcode: postcode, mailingCity: 'Ede' });
    expect(used() - before).toBe(2);

    // Someone edits the postal code in the portal; the next partial change keeps that edit, not a stale copy.
    await w.json(`/__sim/administrations/${a.id}`, { method: 'PATCH', body: { mailingPostcode: '6710 ZZ' } });
    const again = await w.connector.writeProfile(ref, { mailAddressLine: 'Postbus 1' }, HIGH);
    expect(again.ok && again.value.profile).toMatchObject({
      mailAddressLine: 'Postbus 1',
      mailPostcode: '6710 ZZ',
      mailCity: 'Ede',
    });

    const whole = used();
    const cleared = await w.connector.writeProfile(
      ref,
      { mailAddressLine: null, mailPostcode: null, mailCity: null, mailCountry: null },
      HIGH,
    );
    expect(cleared.ok && cleared.value.profile).toMatchObject({ mailAddressLine: null, mailCountry: null });
    expect(a.mailingAddressLine).toBe('');
    expect(used() - whole).toBe(1);
  });

  it('does not write when the read before a partial postal change fails', async () => {
    const { w, a, ref } = await withPostbus();
    const city = a.mailingCity;
    // The next Platform API call fails: that is the read, so no PATCH with a guessed address follows.
    await w.json('/__sim/faults', {
      method: 'POST',
      body: { pathPrefix: '/api/v1/', kind: 'status', status: 400, count: 1 },
    });
    const r = await w.connector.writeProfile(ref, { mailCity: 'Ede' }, HIGH);
    expect(r.ok).toBe(false);
    expect(a.mailingCity).toBe(city);
    expect((await w.connector.writeProfile(ref, { mailCity: 'Ede' }, HIGH)).ok).toBe(true);
    expect(a.mailingCity).toBe('Ede');
  });

  it('writes contact person fields one by one, the prefix as the tussenvoegsel (unknown in the answer)', async () => {
    const { w, a, ref, used } = await withPostbus();
    const { contactLastName: lastName } = a;
    const before = used();
    const written = await w.connector.writeProfile(ref, { contactFirstName: 'Kees', contactPrefix: 'van' }, HIGH);
    expect(written.ok && written.value.unknown).toContain('contactFirstName');
    expect(a).toMatchObject({ contactFirstName: 'Kees', contactMiddleName: 'van', contactLastName: lastName });
    expect(used() - before).toBe(1);
  });
});

describe('contacts', () => {
  it('pages through every contact, 100 at a time, and stops at the short last page', async () => {
    const w = await setup({ options: { contactCompaniesPerAdministration: 125 } });
    const r = await collect(w.connector.searchContacts(w.domainId, {}, LOW));
    expect(r.error).toBeNull();
    expect(r.pages).toEqual([100, 100, 50]);
    expect(new Set(r.items.map((c) => c.id))).toEqual(new Set(contactIds(w)));
    expect((await w.calls())['SearchContacts']).toBe(3);
  });

  it('asks for the next page until an empty one when the last page is full', async () => {
    const w = await setup({ options: { contactCompaniesPerAdministration: 50 } });
    const r = await collect(w.connector.searchContacts(w.domainId, {}, LOW));
    expect(r.pages).toEqual([100, 0]);
  });

  it('returns only contacts modified after the cursor', async () => {
    const w = await setup({ options: { contactCompaniesPerAdministration: 10 } });
    const cursor = new Date(w.clock.ms).toISOString();
    w.clock.ms += 5_000;
    const [a, b] = contactIds(w);
    for (const id of [a, b]) {
      await w.json(`/__sim/domains/${w.domainId}/contacts/${id ?? ''}`, { method: 'PATCH', body: { city: 'Urk' } });
    }
    const r = await collect(w.connector.searchContacts(w.domainId, { modifiedAfter: cursor }, LOW));
    expect(r.items.map((c) => c.id).sort()).toEqual([a, b].sort());
    expect(r.items.every((c) => c.city === 'Urk' && c.modifiedAt === new Date(w.clock.ms).toISOString())).toBe(true);
    const none = await collect(
      w.connector.searchContacts(w.domainId, { modifiedAfter: new Date(w.clock.ms).toISOString() }, LOW),
    );
    expect(none.items).toEqual([]);
  });

  it('searches a field by substring', async () => {
    const w = await setup();
    const company = [...(w.sim.state().contactsOf(w.domainId)?.byId.values() ?? [])].find((c) => c.type === 'Company');
    const r = await collect(
      w.connector.searchContacts(w.domainId, { field: 'vatNumber', value: company?.vatNumber.slice(2, 9) ?? '' }, LOW),
    );
    expect(r.items.map((c) => c.id)).toEqual([company?.id]);
    expect(r.items[0]).toMatchObject({
      type: 'company',
      vatNumber: company?.vatNumber,
      emailWork: company?.emailWork,
      mainContactPersonId: company?.mainContactPerson,
    });
  });
});

describe('contacts (continued)', () => {
  it('reads and writes one contact by GUID', async () => {
    const w = await setup();
    const store = w.sim.state().contactsOf(w.domainId);
    const person = [...(store?.byId.values() ?? [])].find((c) => c.type === 'Person');
    if (!person) throw new Error('no person');
    const id = person.id as PortalContactId;
    const read = await w.connector.readContact(w.domainId, id, HIGH);
    expect(read.ok && read.value).toMatchObject({
      id,
      type: 'person',
      firstName: person.firstName,
      lastName: person.lastName,
    });
    w.clock.ms += 60_000;
    const written = await w.connector.writeContact(
      w.domainId,
      { id, type: 'person', fields: { mobileWork: '06 98765432', city: 'Zwolle', emailHome: null } },
      HIGH,
    );
    expect(written).toEqual({
      ok: true,
      value: { id, message: `Succesfully updated Contact ${id}`, timestamp: '2024-07-01' },
    });
    const after = await w.connector.readContact(w.domainId, id, HIGH);
    expect(after.ok && after.value).toMatchObject({
      mobileWork: '06 98765432',
      city: 'Zwolle',
      emailHome: null,
      firstName: person.firstName,
    });
    expect(
      await w.connector.readContact(w.domainId, '0f0f0f0f-0000-4000-8000-000000000000' as PortalContactId, HIGH),
    ).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });
});

describe('GUID discipline (docs/external-systems/yuki.md#update-contact: UpdateContact without a known ID can create contacts)', () => {
  it('the simulator really creates a contact when UpdateContact matches nothing (the danger is live)', async () => {
    const w = await setup();
    const before = contactIds(w).length;
    const client = createYukiClient({
      endpoints: yukiEndpoints({ baseUrl: w.sim.url }),
      clock: () => new Date(w.clock.ms),
      http: { outbound: loopbackOutboundPolicy },
    });
    const auth = await client.soap('Contact.asmx', 'Authenticate', [{ name: 'accessKey', value: w.sim.key }]);
    if (!auth.ok) throw new Error(auth.error.error.message);
    const sessionId = auth.value.children[0]?.text ?? '';
    const raw = await client.soap('Contact.asmx', 'UpdateContact', [
      { name: 'sessionID', value: sessionId },
      { name: 'domainID', value: w.domainId },
      {
        name: 'xmlDoc',
        value: {
          name: 'Contact',
          attrs: { xmlns: 'urn:xmlns:http://www.theyukicompany.com:contact' },
          children: [
            { name: 'Type', text: '2' },
            { name: 'FullName', text: 'Nieuw Bedrijf B.V.' },
          ],
        },
      },
    ]);
    expect(raw.ok).toBe(true);
    expect(contactIds(w).length).toBe(before + 1);
  });

  it('refuses to send UpdateContact without a GUID, whatever the caller casts', async () => {
    const w = await setup();
    const before = contactIds(w).length;
    for (const id of ['', 'Bol.com', '1002', 'not-a-guid']) {
      const r = await w.connector.writeContact(
        w.domainId,
        { id: id as PortalContactId, type: 'company', fields: { name: 'Bol.com' } },
        HIGH,
      );
      expect(r).toMatchObject({ ok: false, error: { code: 'rejected', fieldErrors: [{ field: 'id' }] } });
    }
    const missing = { type: 'company', fields: { name: 'Bol.com' } } as unknown as Parameters<
      YukiConnector['writeContact']
    >[1];
    expect(await w.connector.writeContact(w.domainId, missing, HIGH)).toMatchObject({
      ok: false,
      error: { code: 'rejected' },
    });
    expect((await w.calls())['UpdateContact']).toBeUndefined();
    expect(contactIds(w).length).toBe(before);
  });
});

describe('GUID discipline (docs/external-systems/yuki.md#update-contact: UpdateContact without a known ID can create contacts) (continued)', () => {
  it('writes to an unknown GUID as not_found and creates nothing, even with a name that matches nobody', async () => {
    const w = await setup();
    const before = contactIds(w).length;
    const r = await w.connector.writeContact(
      w.domainId,
      {
        id: '0f0f0f0f-0000-4000-8000-000000000000' as PortalContactId,
        type: 'company',
        fields: { name: 'Bestaat Nergens B.V.', code: 'X-999' },
      },
      HIGH,
    );
    expect(r).toEqual({
      ok: false,
      error: { code: 'not_found', message: 'Contact with ID 0f0f0f0f-0000-4000-8000-000000000000 was not found.' },
    });
    expect((await w.calls())['UpdateContact']).toBe(1);
    expect(contactIds(w).length).toBe(before);
  });

  it('never touches another contact with the same name or code', async () => {
    const w = await setup();
    const companies = [...(w.sim.state().contactsOf(w.domainId)?.byId.values() ?? [])].filter(
      (c) => c.type === 'Company',
    );
    const [target, other] = companies;
    if (!target || !other) throw new Error('need two companies');
    const snapshot = JSON.stringify(other);
    const r = await w.connector.writeContact(
      w.domainId,
      { id: target.id as PortalContactId, type: 'company', fields: { name: other.fullName, code: other.code } },
      HIGH,
    );
    expect(r.ok).toBe(true);
    expect(JSON.stringify(w.sim.state().contactsOf(w.domainId)?.get(other.id))).toBe(snapshot);
    expect(w.sim.state().contactsOf(w.domainId)?.get(target.id)?.fullName).toBe(other.fullName);
  });
});

describe('daily quota per domain', () => {
  it('keeps the last calls for high priority: low gets quota_exhausted early while high still goes through', async () => {
    const w = await setup({ settings: { dailyCallLimit: 6, lowPriorityReserve: 3 } });
    const id = (contactIds(w)[0] ?? '') as PortalContactId;
    const low = [];
    for (let i = 0; i < 4; i++) low.push((await w.connector.readContact(w.domainId, id, LOW)).ok);
    expect(low).toEqual([true, true, true, false]);
    const refused = await w.connector.readContact(w.domainId, id, LOW);
    expect(refused).toMatchObject({ ok: false, error: { code: 'quota_exhausted', retryAfterMs: 12 * 3600_000 } });
    expect(!refused.ok && refused.error.message).toMatch(/the last 3 calls are kept for approved changes/);
    const high = [];
    for (let i = 0; i < 4; i++) high.push((await w.connector.readContact(w.domainId, id, HIGH)).ok);
    expect(high).toEqual([true, true, true, false]);
    expect((await w.calls())['SearchContacts']).toBe(6);
    expect(await w.connector.quota(w.domainId)).toEqual({
      scope: w.domainId,
      day: '2024-07-01',
      used: 6,
      limit: 6,
      remainingLow: 0,
      remainingHigh: 0,
      exhausted: true,
      background: { used: 0, limit: 0 },
    });
    // Another domain has its own count.
    const other = [...w.sim.state().domains.keys()][1] ?? '';
    expect((await w.connector.readContact(other, (contactIds(w, other)[0] ?? '') as PortalContactId, LOW)).ok).toBe(
      true,
    );
  });

  it('maps Yuki’s own "Daily limit exceeded" to quota_exhausted and stops calling that domain until Amsterdam midnight', async () => {
    const w = await setup();
    await w.json(`/__sim/quota/${w.domainId}`, { method: 'PUT', body: { limit: 2 } });
    const id = (contactIds(w)[0] ?? '') as PortalContactId;
    expect((await w.connector.readContact(w.domainId, id, HIGH)).ok).toBe(true);
    expect((await w.connector.readContact(w.domainId, id, HIGH)).ok).toBe(true);
    const over = await w.connector.readContact(w.domainId, id, HIGH);
    expect(over).toEqual({
      ok: false,
      error: {
        code: 'quota_exhausted',
        message: 'Daily limit exceeded (Every domain has 1000 free webservice calls a day.)',
        systemSaid: 'Daily limit exceeded (Every domain has 1000 free webservice calls a day.)',
        retryAfterMs: 12 * 3600_000,
      },
    });
    expect((await w.connector.readContact(w.domainId, id, HIGH)).ok).toBe(false);
    expect((await w.calls())['SearchContacts']).toBe(3);
    // 22:00 UTC is midnight in Amsterdam in summer: both sides start a new day.
    w.clock.ms = Date.UTC(2024, 6, 1, 22, 0, 0);
    expect((await w.connector.readContact(w.domainId, id, HIGH)).ok).toBe(true);
  });
});

describe('daily quota per domain (continued)', () => {
  it('with a domain-scoped key, counts every call (Authenticate included) against that domain, as Yuki does', async () => {
    const w = await setup();
    const key = await w.json<{ key: string }>('/__sim/access-keys', { method: 'POST', body: { domainId: w.domainId } });
    await w.json(`/__sim/quota/${w.domainId}`, { method: 'PUT', body: { limit: 3 } });
    const scoped = w.make({
      accessKey: key.key,
      keyDomainId: w.domainId,
      vismaConnect: null,
      portalId: null,
      dailyCallLimit: 3,
      lowPriorityReserve: 0,
    });
    expect((await scoped.listDomains(HIGH)).ok).toBe(true); // Authenticate + Domains
    expect((await scoped.readContact(w.domainId, (contactIds(w)[0] ?? '') as PortalContactId, HIGH)).ok).toBe(true);
    expect(await scoped.listDomains(HIGH)).toMatchObject({ ok: false, error: { code: 'quota_exhausted' } });
    expect(w.sim.state().quotaUsage(w.domainId).used).toBe(3);
    expect((await scoped.quota(w.domainId)).used).toBe(3);
    expect(await w.calls()).toEqual({ Authenticate: 1, Domains: 1, SearchContacts: 1 });
  });

  it('counts Platform API calls too, and maps its limit answer to quota_exhausted', async () => {
    const w = await setup({ options: { ...assumedWrite, dailyCallLimit: 1 } });
    const { ref } = simAdministration(w, 0);
    expect((await w.connector.writeProfile(ref, { city: 'Ede' }, HIGH)).ok).toBe(true);
    expect(await w.connector.writeProfile(ref, { city: 'Ede' }, HIGH)).toMatchObject({
      ok: false,
      error: {
        code: 'quota_exhausted',
        message: 'Daily limit exceeded (Every domain has 1000 free webservice calls a day.)',
      },
    });
    expect((await w.connector.quota(ref.domainId)).exhausted).toBe(true);
  });
});

const add = (w: World, body: Record<string, unknown>) =>
  w.json('/__sim/faults', { method: 'POST', body: { pathPrefix: '/ws/', ...body } });

describe('every injected fault kind (src/sims/shared/faults.ts)', () => {
  // Neither is retried: the fault is injected once, so the next call succeeds (a SOAP call is not blindly repeated).
  it.each([
    [500, 'a soap:Server fault is transient', 'transient'],
    [400, 'a soap:Client fault is rejected with its message', 'rejected'],
  ] as const)('status %i: %s, and not retried', async (status, _what, code) => {
    const w = await setup();
    await add(w, { kind: 'status', status, count: 1 });
    expect(await w.connector.listDomains(HIGH)).toEqual({
      ok: false,
      error: {
        code,
        message: `Simulated failure (HTTP ${String(status)})`,
        systemSaid: `Simulated failure (HTTP ${String(status)})`,
      },
    });
    expect((await w.connector.listDomains(HIGH)).ok).toBe(true);
  });

  it('status 503: retried with backoff, then succeeds', async () => {
    const w = await setup();
    await add(w, { kind: 'status', status: 503, count: 2 });
    expect((await w.connector.listDomains(HIGH)).ok).toBe(true);
    expect(w.sleeps).toHaveLength(2);
  });

  it('rate_limit: waits out Retry-After; if it persists, rate_limited with the delay', async () => {
    const w = await setup();
    await add(w, { kind: 'rate_limit', retryAfterSeconds: 7, count: 1 });
    expect((await w.connector.listDomains(HIGH)).ok).toBe(true);
    expect(w.sleeps).toEqual([7000]);
    await add(w, { kind: 'rate_limit', retryAfterSeconds: 7 });
    expect(await w.connector.listDomains(HIGH)).toEqual({
      ok: false,
      error: {
        code: 'rate_limited',
        message: 'Too many requests',
        systemSaid: 'Too many requests',
        retryAfterMs: 7000,
      },
    });
  });

  it('latency below the timeout is only slow; above it the call is a transient timeout', async () => {
    const w = await setup({ http: { timeoutMs: 400 } });
    await add(w, { kind: 'latency', latencyMs: 50, count: 1 });
    expect((await w.connector.listDomains(HIGH)).ok).toBe(true);
    await add(w, { kind: 'latency', latencyMs: 2000, count: 1 });
    expect(await w.connector.listDomains(HIGH)).toMatchObject({
      ok: false,
      error: { code: 'transient', network: 'timeout' },
    });
  });

  it('timeout (no answer at all) is a transient timeout', async () => {
    const w = await setup({ http: { timeoutMs: 300 } });
    await w.connector.listDomains(HIGH);
    await add(w, { kind: 'timeout', count: 1 });
    expect(await w.connector.listDomains(HIGH)).toMatchObject({
      ok: false,
      error: { code: 'transient', network: 'timeout' },
    });
  });

  it('reset: a dropped connection is transient', async () => {
    const w = await setup();
    await w.connector.listDomains(HIGH);
    await add(w, { kind: 'reset', count: 1 });
    expect(await w.connector.listDomains(HIGH)).toMatchObject({ ok: false, error: { code: 'transient' } });
  });

  it('malformed: a cut-off 200 body is transient, saying the answer was unreadable', async () => {
    const w = await setup();
    await w.connector.listDomains(HIGH);
    await add(w, { kind: 'malformed', count: 1 });
    const r = await w.connector.listDomains(HIGH);
    expect(r).toMatchObject({ ok: false, error: { code: 'transient', network: 'malformed_response' } });
    expect(!r.ok && r.error.message).toMatch(/^Yuki sent an unreadable answer to Domains \(Accounting.asmx\)\.$/);
  });
});
