import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { startYukiSim } from './cli.js';
import { parseYukiSimOptions } from './options.js';
import { seedYukiState } from './seed.js';
import { call, login, params, result, testSim } from './testing.js';
import { kid } from './xml.js';

// 100,000 rows of real work: a loaded 2-core machine has stretched this past the default 20 s.
const SCALE_TEST_TIMEOUT_MS = 120_000;

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});

describe('seed', () => {
  it('is deterministic per seed and realistic (8-digit KvK, NL VAT, Dutch postcodes)', () => {
    const options = parseYukiSimOptions({});
    const snapshot = (seed: number) => {
      const s = seedYukiState(seed, 5, options, () => 0);
      const domain = [...s.domains.values()][2];
      return {
        domains: [...s.domains.values()],
        admins: [...s.administrations.values()],
        contacts: domain ? [...(s.contactsOf(domain.id)?.byId.values() ?? [])] : [],
      };
    };
    const a = snapshot(7);
    expect(snapshot(7)).toEqual(a);
    expect(snapshot(8).admins.map((x) => x.cocNumber)).not.toEqual(a.admins.map((x) => x.cocNumber));
    for (const admin of a.admins) {
      expect(admin.cocNumber).toMatch(/^\d{8}$/);
      expect(admin.vatNumber).toMatch(/^NL\d{9}B\d{2}$/);
      expect(admin.postcode).toMatch(/^\d{4} ?[A-Za-z]{2}$/);
    }
    expect(a.contacts).toHaveLength(6);
  });

  it(
    'builds 100,000 organisations with contacts generated only when a domain is first used',
    () => {
      const s = seedYukiState(1, 100_000, parseYukiSimOptions({}), () => 0);
      expect(s.administrations.size).toBe(100_000);
      expect(s.dirtyContactStores()).toEqual([]);
      const last = [...s.domains.values()][99_999];
      expect(s.contactsOf(last?.id ?? '')?.size).toBe(6);
    },
    SCALE_TEST_TIMEOUT_MS,
  );
});

describe('admin API (a person edits the portal)', () => {
  it('edits an administration profile and a contact; SOAP shows both, with a new Modified time', async () => {
    const sim = testSim({ orgs: 1 });
    const admin = [...sim.state().administrations.values()][0];
    const domain = admin?.domainId ?? '';
    const patched = await sim.app.inject({
      method: 'PATCH',
      url: `/__sim/administrations/${admin?.id ?? ''}`,
      payload: { city: 'Zwolle', vatNumber: 'NL123456782B01' },
    });
    expect(patched.json()).toMatchObject({ city: 'Zwolle', vatNumber: 'NL123456782B01' });
    const bad = await sim.app.inject({
      method: 'PATCH',
      url: `/__sim/administrations/${admin?.id ?? ''}`,
      payload: { colour: 'red' },
    });
    expect(bad.statusCode).toBe(400);

    const list = await sim.app.inject({ url: `/__sim/domains/${domain}/contacts?limit=1` });
    const first = list.json<{ total: number; items: { id: string }[] }>();
    expect(first.total).toBe(6);
    sim.clock.ms = Date.UTC(2024, 11, 24, 9, 30, 0);
    const edit = await sim.app.inject({
      method: 'PATCH',
      url: `/__sim/domains/${domain}/contacts/${first.items[0]?.id ?? ''}`,
      payload: { phoneHome: '020 - 123 45 67', active: false },
    });
    expect(edit.statusCode).toBe(200);
    const created = await sim.app.inject({
      method: 'POST',
      url: `/__sim/domains/${domain}/contacts`,
      payload: { type: 'Person', fullName: 'Piet de Vries', emailHome: 'piet@devries.nl' },
    });
    expect(created.statusCode).toBe(201);

    const sid = await login(sim, 'Contact');
    const soapAdmins = await call(sim, 'Accounting', 'Administrations', params({ sessionID: sid }));
    expect(
      kid(kid(kid(result(soapAdmins, 'Administrations'), 'Administrations'), 'Administration'), 'City')?.text,
    ).toBe('Zwolle');
    const found = await call(
      sim,
      'Contact',
      'SearchContacts',
      params({ sessionID: sid, domainID: domain, searchOption: 'Phone', searchValue: '123 45', pageNumber: '1' }),
    );
    const row = kid(result(found, 'SearchContacts'), 'Contacts')?.kids[0];
    expect(kid(row, 'Modified')?.text).toBe('12/24/2024 10:30:00 AM');
    const total = await call(
      sim,
      'Contact',
      'SearchContacts',
      params({ sessionID: sid, domainID: domain, pageNumber: '1' }),
    );
    expect(kid(result(total, 'SearchContacts'), 'Contacts')?.kids).toHaveLength(7);
  });

  it('moves the clock, reseeds, and lists credentials', async () => {
    const sim = testSim({ orgs: 1 });
    const clock = await sim.app.inject({ method: 'POST', url: '/__sim/clock', payload: { advanceMs: 3_600_000 } });
    expect(clock.json()).toEqual({ now: '2024-07-01T11:00:00.000Z', offsetMs: 3_600_000 });
    const reseed = await sim.app.inject({ method: 'POST', url: '/__sim/seed', payload: { seed: 9, orgs: 4 } });
    expect(reseed.json()).toEqual({ seed: 9, orgs: 4 });
    expect(sim.state().domains.size).toBe(4);
    const creds = (await sim.app.inject({ url: '/__sim/credentials' })).json<{
      accessKeys: { key: string; domainId: null }[];
    }>();
    expect(creds.accessKeys).toHaveLength(1);
    expect(
      (await call(sim, 'Accounting', 'Authenticate', params({ accessKey: creds.accessKeys[0]?.key ?? '' }))).fault,
    ).toBeUndefined();
    const opts = await sim.app.inject({
      method: 'PATCH',
      url: '/__sim/options',
      payload: { dailyCallLimit: 5, nonsense: 1 },
    });
    expect(opts.statusCode).toBe(400);
  });
});

describe('startYukiSim and snapshots', () => {
  it('listens on a free port and restores its changes from the snapshot after a restart', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yuki-sim-'));
    dirs.push(dir);
    const snapshotPath = join(dir, 'yuki.json');
    const first = await startYukiSim({ port: 0, seed: 3, orgs: 2, snapshotPath, extra: { dailyCallLimit: '500' } });
    expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const admin = [...first.sim.state().administrations.values()][1];
    await fetch(`${first.url}/__sim/administrations/${admin?.id ?? ''}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Hernoemd B.V.' }),
    });
    const contacts = (await (await fetch(`${first.url}/__sim/domains/${admin?.domainId ?? ''}/contacts`)).json()) as {
      items: { id: string }[];
    };
    const contactId = contacts.items[0]?.id ?? '';
    await fetch(`${first.url}/__sim/domains/${admin?.domainId ?? ''}/contacts/${contactId}`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ city: 'Urk' }),
    });
    const key = await (
      await fetch(`${first.url}/__sim/access-keys`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"key":"fixed-demo-key-123"}',
      })
    ).json();
    expect(key).toMatchObject({ key: 'fixed-demo-key-123' });
    await first.close();
    expect(JSON.parse(await readFile(snapshotPath, 'utf8'))).toMatchObject({ version: 1, seed: 3, orgs: 2 });

    const second = await startYukiSim({ port: 0, seed: 999, orgs: 50, snapshotPath });
    try {
      const state = second.sim.state();
      expect(state.domains.size).toBe(2);
      expect(state.administrations.get(admin?.id ?? '')?.name).toBe('Hernoemd B.V.');
      expect(state.contactsOf(admin?.domainId ?? '')?.get(contactId)?.city).toBe('Urk');
      expect(state.accessKeys.has('fixed-demo-key-123')).toBe(true);
    } finally {
      await second.close();
    }
  });

  it('names the problem in a corrupt snapshot', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'yuki-sim-'));
    dirs.push(dir);
    const snapshotPath = join(dir, 'bad.json');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(snapshotPath, JSON.stringify({ version: 1, seed: 'x' }));
    await expect(startYukiSim({ port: 0, seed: 1, orgs: 1, snapshotPath })).rejects.toThrow(
      /Yuki snapshot is not valid: seed/,
    );
  });
});

describe('dutchIban', () => {
  it('makes IBANs whose ISO 13616 check digits are right', async () => {
    const { dutchIban } = await import('./seed.js');
    const { createRng } = await import('../shared/random.js');
    const rng = createRng(5);
    for (let i = 0; i < 50; i++) {
      const iban = dutchIban(rng);
      expect(iban).toMatch(/^NL\d{2}[A-Z]{4}\d{10}$/);
      const rearranged = `${iban.slice(4)}${iban.slice(0, 4)}`.replace(/[A-Z]/g, (ch) => String(ch.charCodeAt(0) - 55));
      expect(BigInt(rearranged) % 97n).toBe(1n);
    }
  });
});
