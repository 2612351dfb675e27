import { describe, expect, it } from 'vitest';

import { CONTACT_NS, CONTACTS_NS } from './catalog.js';
import { call, login, params, result, testSim, x } from './testing.js';
import { kid } from './xml.js';

import type { TestSim } from './testing.js';
import type { XEl } from './xml.js';

type Row = { id: string; get: (name: string) => string | undefined; names: string[] };

function rows(reply: Awaited<ReturnType<typeof call>>, method = 'SearchContacts'): Row[] {
  return (kid(result(reply, method), 'Contacts')?.kids ?? []).map((c: XEl) => ({
    id: c.attrs['ID'] ?? '',
    get: (name: string) => kid(c, name)?.text,
    names: c.kids.map((k) => k.local),
  }));
}

async function setup(options: Record<string, unknown> = {}) {
  const sim = testSim({ orgs: 2, options });
  const sid = await login(sim, 'Contact');
  const domain = [...sim.state().domains.values()][0]?.id ?? '';
  const search = async (p: Record<string, string>, method = 'SearchContacts') =>
    call(
      sim,
      'Contact',
      method,
      params({
        sessionID: sid,
        domainID: domain,
        searchOption: 'All',
        searchValue: '',
        sortOrder: 'HID',
        modifiedAfter: '2000-01-01',
        active: 'Both',
        pageNumber: '1',
        ...p,
      }),
    );
  const update = async (xmlDoc: string, domainParam = 'domainID') =>
    call(
      sim,
      'Contact',
      'UpdateContact',
      `<sessionID>${sid}</sessionID><${domainParam}>${domain}</${domainParam}><xmlDoc>${xmlDoc}</xmlDoc>`,
    );
  return { sim, sid, domain, search, update };
}

const contact = (inner: string, ns = CONTACT_NS): string => `<Contact xmlns="${ns}">${inner}</Contact>`;
const count = (sim: TestSim, domain: string): number => sim.state().contactsOf(domain)?.size ?? -1;

describe('SearchContacts (docs/external-systems/yuki.md#search-contacts)', () => {
  it('pages by 100 from page 1 and ends with an empty <Contacts />', async () => {
    const { search } = await setup({ contactCompaniesPerAdministration: 110 });
    const sizes: number[] = [];
    const seen = new Set<string>();
    for (let page = 1; page <= 4; page++) {
      const r = await search({ pageNumber: String(page) });
      sizes.push(rows(r).length);
      for (const row of rows(r)) seen.add(row.id);
      if (page === 4) expect(r.body).toContain('<SearchContactsResult><Contacts xmlns=""/></SearchContactsResult>');
    }
    expect(sizes).toEqual([100, 100, 20, 0]);
    expect(seen.size).toBe(220);
    expect((await search({ pageNumber: '0' })).fault?.message).toMatch(
      /pageNumber must be a whole number of 1 or more/,
    );
  });

  it('writes rows in the documented shape: US dates, EMailWork, person name parts', async () => {
    const { search } = await setup();
    const all = rows(await search({}));
    const company = all.find((r) => r.get('Type') === 'Company');
    const person = all.find((r) => r.get('Type') === 'Person');
    expect(company?.names.slice(0, 4)).toEqual(['Type', 'HID', 'Code', 'Name']);
    expect(company?.names).toContain('EMailWork');
    expect(company?.names).not.toContain('EmailWork');
    expect(company?.get('Created')).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} (AM|PM)$/);
    expect(company?.get('MainContactPerson')).toBe(person?.id);
    expect(person?.names.slice(4, 7)).toEqual(['FirstName', 'MiddleName', 'LastName']);
  });

  it('matches substrings case-insensitively per search option', async () => {
    const { sim, domain, search } = await setup();
    const c = [...(sim.state().contactsOf(domain)?.byId.values() ?? [])].find((r) => r.type === 'Company');
    if (!c) throw new Error('no seeded company');
    const cases: [string, string][] = [
      ['Name', c.fullName.trim().slice(2, 8).toUpperCase()],
      ['City', c.city.slice(1, 4).toLowerCase()],
      ['Postcode', c.postcode.slice(0, 4)],
      ['Email', c.emailWork.split('@')[1] ?? ''],
      ['Website', c.website.slice(4, 10)],
      ['Phone', c.phoneHome.slice(-4)],
      ['Code', c.code],
      ['CoCNumber', c.cocNumber.slice(2, 6)],
      ['VATNumber', c.vatNumber.slice(0, 6).toLowerCase()],
      ['All', c.vatNumber],
    ];
    const tagged = [...(sim.state().contactsOf(domain)?.byId.values() ?? [])].find((r) => r.tags !== '');
    if (tagged) cases.push(['Tag', tagged.tags.slice(0, 4).toLowerCase()]);
    const banked = [...(sim.state().contactsOf(domain)?.byId.values() ?? [])].find((r) => r.iban !== '');
    if (banked) cases.push(['BankAccount', banked.iban.slice(4, 12)]);
    for (const [option, value] of cases) {
      const found = rows(await search({ searchOption: option, searchValue: value }));
      const expected = option === 'Tag' ? tagged?.id : option === 'BankAccount' ? banked?.id : c.id;
      expect(
        found.map((r) => r.id),
        `${option}=${value}`,
      ).toContain(expected);
    }
    expect(cases.map(([o]) => o)).toEqual(expect.arrayContaining(['Tag', 'BankAccount']));
    expect(rows(await search({ searchOption: 'ID', searchValue: c.id.toUpperCase() })).map((r) => r.id)).toEqual([
      c.id,
    ]);
    expect(rows(await search({ searchOption: 'Name', searchValue: 'zzzqqq' }))).toEqual([]);
    const strict = await setup({ searchCaseInsensitive: false });
    const sc = [...(strict.sim.state().contactsOf(strict.domain)?.byId.values() ?? [])].find(
      (r) => r.type === 'Company',
    );
    expect(
      rows(await strict.search({ searchOption: 'VATNumber', searchValue: (sc?.vatNumber ?? 'NL').toLowerCase() })),
    ).toEqual([]);
    expect((await search({ searchOption: 'Colour' })).fault?.message).toMatch(
      /'Colour' is not a valid value for SearchOption/,
    );
  });
});

describe('SearchContacts: sort orders', () => {
  it('sorts by every documented order', async () => {
    const { sim, domain, search } = await setup({ contactCompaniesPerAdministration: 20 });
    const byId = sim.state().contactsOf(domain)?.byId;
    const get = (id: string) => {
      const c = byId?.get(id);
      if (!c) throw new Error(id);
      return c;
    };
    const ordered = async (sortOrder: string) => rows(await search({ sortOrder })).map((r) => get(r.id));
    const isSorted = (values: (string | number)[], dir: 1 | -1) =>
      values.every((v, i) => i === 0 || (values[i - 1] ?? v) <= v === (dir === 1) || values[i - 1] === v);
    type Picked = ReturnType<typeof get>;
    const orders: [string, (c: Picked) => string | number, 1 | -1][] = [
      ['HID', (c) => c.hid, 1],
      ['CreatedAsc', (c) => c.createdAt, 1],
      ['CreatedDesc', (c) => c.createdAt, -1],
      ['ModifiedAsc', (c) => c.modifiedAt, 1],
      ['ModifiedDesc', (c) => c.modifiedAt, -1],
      ['Name', (c) => c.fullName.trim().toLowerCase(), 1],
      ['LastName', (c) => (c.lastName || c.fullName).trim().toLowerCase(), 1],
    ];
    for (const [sortOrder, key, dir] of orders) {
      expect(isSorted((await ordered(sortOrder)).map(key), dir), sortOrder).toBe(true);
    }
  });
});

describe('SearchContacts: filters, administration GUIDs and supplier/customer flags', () => {
  it('filters on modifiedAfter (Amsterdam time when no offset) and on active', async () => {
    const { sim, domain, search } = await setup({ contactCompaniesPerAdministration: 10 });
    const all = [...(sim.state().contactsOf(domain)?.byId.values() ?? [])].sort((a, b) => a.modifiedAt - b.modifiedAt);
    const pivot = all[9];
    if (!pivot) throw new Error('too few');
    const iso = new Date(pivot.modifiedAt).toISOString().slice(0, 19);
    const after = rows(await search({ modifiedAfter: `${iso}Z` })).map((r) => r.id);
    expect(new Set(after)).toEqual(new Set(all.filter((c) => c.modifiedAt > pivot.modifiedAt).map((c) => c.id)));
    // Without an offset the value is Amsterdam wall-clock time: two hours later than UTC in summer, one in winter.
    const local = new Date(
      pivot.modifiedAt +
        (new Date(pivot.modifiedAt).getUTCMonth() >= 3 && new Date(pivot.modifiedAt).getUTCMonth() <= 8 ? 2 : 1) *
          3600_000 -
        1000,
    );
    const localRows = rows(await search({ modifiedAfter: local.toISOString().slice(0, 19) })).map((r) => r.id);
    expect(localRows).toContain(pivot.id);
    expect((await search({ modifiedAfter: 'yesterday' })).fault?.message).toMatch(/not a valid AllXsd value/);
    // An empty <modifiedAfter/> is refused as real ASMX does (external-apis.md §10.1); left out, nothing is filtered.
    expect((await search({ modifiedAfter: '' })).fault?.message).toMatch(/The string '' is not a valid AllXsd value/);
    const inactive = rows(await search({ active: 'Inactive' })).map((r) => r.id);
    const active = rows(await search({ active: 'Active' })).map((r) => r.id);
    expect(inactive.length + active.length).toBe(all.length);
    expect(inactive.every((id) => !sim.state().contactsOf(domain)?.get(id)?.active)).toBe(true);
  });

  it('accepts an administration GUID as domainID ([I] docs/external-systems/yuki.md#portal-tree), unless switched off', async () => {
    const { sim, sid, domain } = await setup();
    const adminId = sim.state().adminsByDomain.get(domain)?.[0] ?? '';
    const viaAdmin = await call(
      sim,
      'Contact',
      'SearchContacts',
      params({ sessionID: sid, domainID: adminId, pageNumber: '1' }),
    );
    expect(rows(viaAdmin)).toHaveLength(6);
    const strict = await setup({ acceptAdministrationIdAsDomain: false });
    const strictAdmin = strict.sim.state().adminsByDomain.get(strict.domain)?.[0] ?? '';
    const refused = await call(
      strict.sim,
      'Contact',
      'SearchContacts',
      params({ sessionID: strict.sid, domainID: strictAdmin, pageNumber: '1' }),
    );
    expect(refused.fault?.message).toMatch(/was not found or is not accessible/);
  });

  it('GetSuppliersAndCustomers adds IsSupplier/IsCustomer and filters on contactType', async () => {
    const { search } = await setup({ contactCompaniesPerAdministration: 10 });
    const suppliers = rows(
      await search({ contactType: 'Supplier' }, 'GetSuppliersAndCustomers'),
      'GetSuppliersAndCustomers',
    );
    expect(suppliers.length).toBeGreaterThan(0);
    expect(suppliers.every((r) => r.get('IsSupplier') === 'True')).toBe(true);
  });
});

describe('UpdateContact (docs/external-systems/yuki.md#update-contact)', () => {
  it('updates by ID, answering with TimeStamp and "Succesfully updated Contact {GUID}" (sic)', async () => {
    const { sim, domain, update, search } = await setup();
    const target = [...(sim.state().contactsOf(domain)?.byId.values() ?? [])].find((c) => c.type === 'Company');
    if (!target) throw new Error('no company');
    const before = count(sim, domain);
    sim.clock.ms += 60_000;
    const r = await update(
      contact(`<ID>${target.id.toUpperCase()}</ID><Type>2</Type><City>Zwolle &amp; Omstreken</City><PhoneHome/>`),
    );
    expect(r.body).toContain(
      `<UpdateContactResult><ContactResponse xmlns="urn:xmlns:http://www.theyukicompany.com:contactResponse"><TimeStamp xmlns="">2024-07-01</TimeStamp><Succeeded xmlns="">Succesfully updated Contact ${target.id}</Succeeded></ContactResponse></UpdateContactResult>`,
    );
    expect(count(sim, domain)).toBe(before);
    const row = rows(await search({ searchOption: 'ID', searchValue: target.id }))[0];
    expect(row?.get('City')).toBe('Zwolle & Omstreken');
    expect(row?.get('PhoneHome')).toBe('');
    expect(row?.get('Modified')).toBe('7/1/2024 12:01:00 PM');
  });

  it('reports an unknown ID as Failed and creates nothing', async () => {
    const { sim, domain, update } = await setup();
    const before = count(sim, domain);
    const r = await update(
      contact('<ID>0f0f0f0f-0000-4000-8000-000000000000</ID><Type>2</Type><FullName>Nieuw BV</FullName>'),
    );
    expect(r.body).toContain(
      '<Failed xmlns="">Contact with ID 0f0f0f0f-0000-4000-8000-000000000000 was not found.</Failed>',
    );
    expect(count(sim, domain)).toBe(before);
  });

  it('without an ID matches on Code, then on Type + FullName ignoring , . " - and spaces, else creates', async () => {
    const { sim, domain, update } = await setup();
    const store = sim.state().contactsOf(domain);
    const company = [...(store?.byId.values() ?? [])].find((c) => c.type === 'Company' && c.code !== '');
    if (!company || !store) throw new Error('no company');
    const before = count(sim, domain);

    const byCode = await update(contact(`<Code>${company.code}</Code><Website>www.nieuw.nl</Website>`));
    expect(byCode.body).toContain(`Succesfully updated Contact ${company.id}`);
    expect(store.get(company.id)?.website).toBe('www.nieuw.nl');

    const squashed = company.fullName.replace(/[.,\s-]/g, '');
    const byName = await update(contact(`<Type>2</Type><FullName>${x(squashed)}</FullName><City>Lutjebroek</City>`));
    expect(byName.body).toContain(`Succesfully updated Contact ${company.id}`);
    expect(store.get(company.id)?.city).toBe('Lutjebroek');
    expect(count(sim, domain)).toBe(before);

    // The dangerous part: a near-miss of the name creates a second contact.
    const created = await update(contact(`<Type>2</Type><FullName>${x(company.fullName)} Holding</FullName>`));
    const newId = /Succesfully created Contact ([0-9a-f-]{36})/.exec(created.body)?.[1];
    expect(newId).toBeDefined();
    expect(count(sim, domain)).toBe(before + 1);
    expect(store.get(newId ?? '')?.fullName).toBe(`${company.fullName} Holding`);
    // A person with the same name as the company is a different Type: also a new contact.
    await update(contact(`<Type>0</Type><FullName>${x(company.fullName)}</FullName>`));
    expect(count(sim, domain)).toBe(before + 2);
  });
});

describe('UpdateContact: same names, namespaces and faults', () => {
  it('tells same-named contacts apart by e-mail, else takes the most recently created', async () => {
    const { sim, domain, update } = await setup({ contactCompaniesPerAdministration: 0 });
    const store = sim.state().contactsOf(domain);
    if (!store) throw new Error('no store');
    const a = store.create('Company', { fullName: 'Jansen B.V.', emailWork: 'a@jansen.nl' }, sim.clock.ms);
    const b = store.create('Company', { fullName: 'Jansen BV', emailWork: 'b@jansen.nl' }, sim.clock.ms + 1000);
    const r1 = await update(
      contact('<Type>2</Type><FullName>Jansen BV</FullName><EmailWork>A@jansen.nl</EmailWork><City>Ede</City>'),
    );
    expect(r1.body).toContain(`updated Contact ${a.id}`);
    const r2 = await update(contact('<Type>2</Type><FullName>Jansen, B.V.</FullName><City>Epe</City>'));
    expect(r2.body).toContain(`updated Contact ${b.id}`);
    expect(store.size).toBe(2);
  });

  it('accepts the contacts namespace with several contacts, and domainId spelt in lower case', async () => {
    const { sim, domain, update } = await setup({ contactCompaniesPerAdministration: 0 });
    const r = await update(
      `<Contacts xmlns="${CONTACTS_NS}"><Contact><Type>2</Type><FullName>Een BV</FullName></Contact><Contact><Type>9</Type><FullName>Twee</FullName></Contact></Contacts>`,
      'domainId',
    );
    expect(r.body).toMatch(
      /<Succeeded xmlns="">Succesfully created Contact [0-9a-f-]{36}<\/Succeeded><Failed xmlns="">Type '9' is not valid/,
    );
    expect(count(sim, domain)).toBe(1);
  });

  it('faults when xmlDoc is escaped text, in another namespace, or has elements contact.xsd does not know', async () => {
    const { update } = await setup();
    const escaped = await update(x(contact('<Type>2</Type><FullName>Tekst BV</FullName>')));
    expect(escaped.fault?.message).toBe(
      'xmlDoc must contain the contact XML as elements; it was sent as (escaped) text.',
    );
    const otherNs = await update('<Contact xmlns="urn:other"><Type>2</Type></Contact>');
    expect(otherNs.fault?.message).toMatch(
      /is not valid: expected Contact in urn:xmlns:http:\/\/www.theyukicompany.com:contact/,
    );
    const unknown = await update(contact('<Type>2</Type><FullName>A</FullName><Postcode>1011 AB</Postcode>'));
    expect(unknown.fault?.message).toBe(
      `The element 'Contact' in namespace '${CONTACT_NS}' has invalid child element 'Postcode' in namespace '${CONTACT_NS}'.`,
    );
    const missingType = await update(contact('<FullName>Zonder Type</FullName>'));
    expect(missingType.body).toContain('<Failed xmlns="">Type is required to create a contact.</Failed>');
  });
});
