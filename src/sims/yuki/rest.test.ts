import { describe, expect, it } from 'vitest';

import { generateCompany } from '../shared/dutch-data.js';
import { parseYukiSimOptions } from './options.js';
import { fromSnapshot, toSnapshot } from './persist.js';
import { seededPlatformToken, seedYukiState } from './seed.js';
import { call, login, params, result, testSim } from './testing.js';
import { kid } from './xml.js';

import type { SimAdministration } from './state.js';

/** Every assumed company route and field switched on (the strict default is tested on its own below). */
const assumed = { platformCompanyExtras: true, platformCompanyReads: true, platformCompanyWrite: true };

/** The fields a refused (400) write names. */
function refusedFields(response: { statusCode: number; json: () => unknown }): string[] {
  expect(response.statusCode).toBe(400);
  return (response.json() as { errors: { field: string }[] }).errors.map((e) => e.field);
}

function setup(options: Record<string, unknown> = assumed) {
  const sim = testSim({ orgs: 2, options });
  const state = sim.state();
  const admin = [...state.administrations.values()][0];
  if (!admin) throw new Error('no administration');
  const auth = { authorization: `Bearer ${seededPlatformToken(42)}` };
  const base = `/api/v1/portals/${state.portal.id}`;
  /** PATCHes or PUTs the first administration's company through the Platform API. */
  const writeCompany = (method: 'PATCH' | 'PUT', payload: object, headers: Record<string, string> = {}) =>
    sim.app.inject({ method, url: `${base}/companies/${admin.id}`, headers: { ...auth, ...headers }, payload });
  return { sim, admin, auth, base, writeCompany };
}

describe('Platform REST API ([I] docs/external-systems/yuki.md#platform-api)', () => {
  it('needs a valid bearer token for the right portal', async () => {
    const { sim, base } = setup();
    expect((await sim.app.inject({ url: `${base}/domains` })).statusCode).toBe(401);
    expect(
      (await sim.app.inject({ url: `${base}/domains`, headers: { authorization: 'Bearer wrong' } })).json(),
    ).toEqual({
      code: 'unauthorized',
      message: 'The bearer token is not valid.',
    });
    const other = await sim.app.inject({
      url: '/api/v1/portals/00000000-0000-4000-8000-000000000000/domains',
      headers: { authorization: `Bearer ${seededPlatformToken(42)}` },
    });
    expect(other.statusCode).toBe(403);
  });

  it('lists domains and companies with offset/limit paging', async () => {
    const { sim, auth, base } = setup();
    const domains = (await sim.app.inject({ url: `${base}/domains?limit=1`, headers: auth })).json<{
      totalItems: number;
      items: unknown[];
    }>();
    expect(domains.totalItems).toBe(2);
    expect(domains.items).toHaveLength(1);
    const companies = (await sim.app.inject({ url: `${base}/companies?offset=1`, headers: auth })).json<{
      offset: number;
      items: { customerCode: string }[];
    }>();
    expect(companies.offset).toBe(1);
    expect(companies.items.map((c) => c.customerCode)).toEqual(['KL-00002']);
    const byCode = (
      await sim.app.inject({ url: `${base}/companies/search/byCustomerCode?customerCode=kl-00001`, headers: auth })
    ).json<{ items: { companyName: string }[] }>();
    expect(byCode.items).toHaveLength(1);
    expect((await sim.app.inject({ url: `${base}/companies?limit=500`, headers: auth })).statusCode).toBe(400);
  });

  it('reads a company as the administration profile, with an ETag', async () => {
    const { sim, admin, auth, base } = setup();
    const res = await sim.app.inject({ url: `${base}/companies/${admin.id}`, headers: auth });
    expect(res.headers.etag).toBe(`"${String(admin.modifiedAt)}"`);
    expect(res.json()).toMatchObject({
      id: admin.id,
      domainId: admin.domainId,
      companyName: admin.name,
      address: { addressLine: admin.addressLine, postalCode: admin.postcode, city: admin.city },
      country: 'NL',
      emailAddress: admin.emailAddress,
      phone: admin.phone,
      cocNumber: admin.cocNumber,
      vatNumber: admin.vatNumber,
    });
    expect(
      (await sim.app.inject({ url: `${base}/companies/00000000-0000-4000-8000-000000000000`, headers: auth }))
        .statusCode,
    ).toBe(404);
  });
});

describe('Platform REST API, strict (default): documented calls and fields only', () => {
  it('answers companies by customer code as the documented Company object, and has no company list, read by id or write', async () => {
    const { sim, admin, auth, base, writeCompany } = setup({});
    const byCode = (
      await sim.app.inject({ url: `${base}/companies/search/byCustomerCode?customerCode=kl-00001`, headers: auth })
    ).json<{ items: Record<string, unknown>[] }>();
    const documented = ['id', 'companyName', 'address', 'mailingAddress', 'country', 'emailAddress', 'phone'];
    const more = ['website', 'legalForm', 'cocNumber', 'customerCode', 'startDate'];
    expect(Object.keys(byCode.items[0] ?? {}).sort()).toEqual([...documented, ...more].sort());
    expect((await sim.app.inject({ url: `${base}/companies`, headers: auth })).statusCode).toBe(404);
    expect((await sim.app.inject({ url: `${base}/companies/${admin.id}`, headers: auth })).statusCode).toBe(404);
    expect((await writeCompany('PATCH', { phone: '1' })).statusCode).toBe(404);
    expect((await writeCompany('PUT', { phone: '1' })).statusCode).toBe(404);
  });
});

describe('Platform REST API: company writes', () => {
  it('PATCHes some fields, PUTs all of them, and the SOAP Administrations show the change', async () => {
    const { sim, admin, writeCompany } = setup();
    const patched = await writeCompany('PATCH', {
      address: { postalCode: '1011 AB' },
      phone: null,
      cocNumber: '12345678',
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json()).toMatchObject({
      address: { postalCode: '1011 AB', addressLine: admin.addressLine },
      phone: null,
      cocNumber: '12345678',
    });
    const sid = await login(sim);
    const soap = await call(sim, 'Accounting', 'Administrations', params({ sessionID: sid }));
    const row = kid(result(soap, 'Administrations'), 'Administrations')?.kids.find((a) => a.attrs['ID'] === admin.id);
    expect(kid(row, 'Postcode')?.text).toBe('1011 AB');
    expect(kid(row, 'CoCNumber')?.text).toBe('12345678');

    const full = {
      companyName: 'Nieuwe Naam B.V.',
      address: { addressLine: 'Kade 1', postalCode: '3011 AA', city: 'Rotterdam' },
      mailingAddress: { addressLine: 'Postbus 12', postalCode: '3000 AA', city: 'Rotterdam', country: 'NL' },
      contactPerson: { firstName: 'Pieter', initials: 'P.J.', middleName: 'van der', lastName: 'Berg' },
      country: 'NL',
      emailAddress: 'info@nieuw.nl',
      phone: '010 123 4567',
      website: null,
      cocNumber: '87654321',
      vatNumber: 'NL123456782B01',
    };
    const put = await writeCompany('PUT', full);
    expect(put.json()).toMatchObject({ ...full, website: null });
    const partialPut = await writeCompany('PUT', { companyName: 'X' });
    expect(refusedFields(partialPut)).toContain('address');
  });
});

describe('Platform REST API: mailing address and contact person', () => {
  it('reads the mailing address and the contact person (seeded from the client firm’s contact)', async () => {
    const { auth, base } = setup();
    const sim = testSim({ orgs: 4, options: assumed });
    const admins = sim.state().allAdministrations();
    // Seed 42 gives the fourth firm a Postbus: both kinds are read.
    expect(admins.map((a) => a.mailingAddressLine !== '')).toEqual([false, false, false, true]);
    for (const [i, a] of admins.entries()) {
      const contact = generateCompany(42, i).contact;
      expect(a).toMatchObject({
        contactFirstName: contact.firstName,
        contactInitials: contact.initials,
        contactMiddleName: contact.prefix,
        contactLastName: contact.lastName,
      });
      const body = (await sim.app.inject({ url: `${base}/companies/${a.id}`, headers: auth })).json<{
        mailingAddress: unknown;
        contactPerson: unknown;
      }>();
      expect(body.contactPerson).toEqual({
        firstName: contact.firstName,
        initials: contact.initials,
        middleName: contact.prefix === '' ? null : contact.prefix,
        lastName: contact.lastName,
      });
      expect(body.mailingAddress).toEqual(
        a.mailingAddressLine === ''
          ? null
          : { addressLine: a.mailingAddressLine, postalCode: a.mailingPostcode, city: a.mailingCity, country: 'NL' },
      );
    }
  });

  it('seeds a Postbus mailing address for about a third of the administrations', () => {
    const state = seedYukiState(5, 600, parseYukiSimOptions({}));
    const withMail = state.allAdministrations().filter((a) => a.mailingAddressLine !== '');
    expect(withMail.length).toBeGreaterThan(150);
    expect(withMail.length).toBeLessThan(250);
    for (const a of withMail) {
      expect(a.mailingAddressLine).toMatch(/^Postbus [1-9]\d{0,3}$/);
      expect(a.mailingPostcode).toMatch(/^[1-9]\d{2}0 [A-Z]{2}$/);
      expect(a.mailingCity).toBe(a.city);
      expect(a.mailingCountry).toBe('NL');
    }
  });
});

describe('Platform REST API: contact person and mailing address writes', () => {
  it('PATCHes the contact person field by field, and replaces the mailing address as a whole', async () => {
    const { admin, writeCompany } = setup();
    const patch = (payload: Record<string, unknown>) => writeCompany('PATCH', payload);
    const person = await patch({ contactPerson: { middleName: 'van der', lastName: 'Berg' } });
    expect(person.json()).toMatchObject({
      contactPerson: { firstName: admin.contactFirstName, initials: admin.contactInitials, middleName: 'van der' },
    });
    expect(admin.contactLastName).toBe('Berg');
    expect((await patch({ contactPerson: null })).json()).toMatchObject({ contactPerson: null });
    expect(admin.contactFirstName).toBe('');
    expect((await patch({ contactPerson: { lastName: 'Jansen' } })).json()).toMatchObject({
      contactPerson: { firstName: null, initials: null, middleName: null, lastName: 'Jansen' },
    });

    const mailing = { addressLine: 'Postbus 12', postalCode: '3000 AA', city: 'Rotterdam', country: 'NL' };
    expect((await patch({ mailingAddress: mailing })).json()).toMatchObject({ mailingAddress: mailing });
    // A mailing address is one value: a PATCH must carry all of it, and what it omits is not kept.
    const partial = await patch({ mailingAddress: { city: 'Delft' } });
    expect(refusedFields(partial)).toContain('mailingAddress.addressLine');
    const replaced = await patch({ mailingAddress: { ...mailing, addressLine: null, postalCode: null } });
    expect(replaced.json()).toMatchObject({
      mailingAddress: { addressLine: null, postalCode: null, city: 'Rotterdam', country: 'NL' },
    });
    expect((await patch({ mailingAddress: null })).json()).toMatchObject({ mailingAddress: null });
    expect(admin).toMatchObject({ mailingAddressLine: '', mailingPostcode: '', mailingCity: '', mailingCountry: '' });
    const tooLong = await patch({ contactPerson: { initials: 'A.'.repeat(11), nickname: 'x' } });
    expect(refusedFields(tooLong).sort()).toEqual(['contactPerson', 'contactPerson.initials']);
  });
});

describe('Platform REST API: admin edits and validation', () => {
  it('lets the admin API edit the contact person and mailing address, and keeps them in a snapshot', async () => {
    const { sim, admin, auth, base } = setup();
    const edited = await sim.app.inject({
      method: 'PATCH',
      url: `/__sim/administrations/${admin.id}`,
      payload: {
        contactFirstName: 'Anna',
        contactMiddleName: 'de',
        mailingAddressLine: 'Postbus 7',
        mailingCity: 'Ede',
      },
    });
    expect(edited.statusCode).toBe(200);
    const company = (await sim.app.inject({ url: `${base}/companies/${admin.id}`, headers: auth })).json<unknown>();
    expect(company).toMatchObject({
      contactPerson: { firstName: 'Anna', middleName: 'de', lastName: admin.contactLastName },
      mailingAddress: { addressLine: 'Postbus 7', city: 'Ede' },
    });
    const bad = await sim.app.inject({
      method: 'PATCH',
      url: `/__sim/administrations/${admin.id}`,
      payload: { contactInitials: 'X'.repeat(21) },
    });
    expect(bad.statusCode).toBe(400);

    const options = parseYukiSimOptions({});
    const snapshot = toSnapshot(sim.state(), 42, 2);
    const restored = fromSnapshot(JSON.parse(JSON.stringify(snapshot)), options).state.administrations.get(admin.id);
    expect(restored).toMatchObject({
      contactFirstName: 'Anna',
      contactMiddleName: 'de',
      mailingAddressLine: 'Postbus 7',
    });
    // A snapshot from before the contact person existed still loads (the fields start empty).
    const old = JSON.parse(JSON.stringify(snapshot)) as { administrations: Partial<SimAdministration>[] };
    for (const a of old.administrations) {
      delete a.contactFirstName;
      delete a.contactInitials;
      delete a.contactMiddleName;
      delete a.contactLastName;
    }
    expect(fromSnapshot(old, options).state.administrations.get(admin.id)).toMatchObject({
      contactFirstName: '',
      contactLastName: '',
      mailingAddressLine: 'Postbus 7',
    });
  });

  it('rejects invalid bodies field by field, and stale writes with If-Match', async () => {
    const { writeCompany } = setup();
    const bad = await writeCompany('PATCH', { companyName: '', country: 'Nederland', colour: 'red' });
    expect(refusedFields(bad).sort()).toEqual(['(body)', 'companyName', 'country']);
    const stale = await writeCompany('PATCH', { phone: '06 12345678' }, { 'if-match': '"1"' });
    expect(stale.statusCode).toBe(412);
  });
});

describe('Platform REST API: quota and switch-off', () => {
  it('counts company calls against the domain quota and answers 429 with Retry-After until Amsterdam midnight', async () => {
    const { sim, admin, auth, base, writeCompany } = setup({ ...assumed, dailyCallLimit: 2 });
    expect((await sim.app.inject({ url: `${base}/companies/${admin.id}`, headers: auth })).statusCode).toBe(200);
    expect((await writeCompany('PATCH', { phone: '1' })).statusCode).toBe(200);
    const over = await sim.app.inject({ url: `${base}/companies/${admin.id}`, headers: auth });
    expect(over.statusCode).toBe(429);
    // 2024-07-01 10:00 UTC → Amsterdam midnight is 22:00 UTC, 12 hours later.
    expect(over.headers['retry-after']).toBe(String(12 * 3600));
    expect(over.json()).toEqual({
      code: 'daily_limit_exceeded',
      message: 'Daily limit exceeded',
      detail: 'Every domain has 1000 free webservice calls a day.',
    });
    // SOAP calls on the same domain are refused too.
    const sid = await login(sim, 'Contact');
    const soap = await call(
      sim,
      'Contact',
      'SearchContacts',
      params({ sessionID: sid, domainID: admin.domainId, pageNumber: '1' }),
    );
    expect(soap.fault?.message).toBe('Daily limit exceeded');
  });

  it('is absent when switched off', async () => {
    const { sim, admin, auth, base } = setup({ platformApi: false });
    expect((await sim.app.inject({ url: `${base}/companies/${admin.id}`, headers: auth })).statusCode).toBe(404);
  });
});
