import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

import { parsePortalContactId } from '../../core/connector.js';
import { buildXml, parseSoapResponse } from '../shared/soap.js';
import { faultToError } from './errors.js';
import {
  searchParams,
  soapUnknownKeys,
  toAdministrations,
  toContactReceipt,
  toContacts,
  toContactXmlDoc,
  toDomains,
} from './mapper.js';
import { localDay, msUntilLocalMidnight, parseUsDateTime, toLocalDateTime } from './time.js';

import type { PortalContactId, PortalContactUpdate } from '../../core/connector.js';
import type { XmlElement } from '../shared/soap.js';

function resultOfFixture(file: string, method: string): XmlElement {
  const r = parseSoapResponse(readFileSync(new URL(`./fixtures/${file}`, import.meta.url), 'utf8'));
  if (!r.ok || r.value.kind !== 'result') throw new Error(`fixture ${file} is not a result`);
  const result = r.value.element.children.find((c) => c.local === `${method}Result`);
  if (!result) throw new Error(`fixture ${file} has no ${method}Result`);
  return result;
}

const ID = 'a79d3806-1c2b-4e5f-9a0b-469dd282c109' as PortalContactId;

describe('documented responses (docs/external-systems/yuki.md#portal-tree, #search-contacts, #update-contact)', () => {
  it('reads Domains', () => {
    expect(toDomains(resultOfFixture('domains.response.xml', 'Domains'))).toEqual([
      { id: '7c2a3c0e-5a55-4d8e-9a55-2f7e9b6f1a01', name: 'katrien-highpro', url: 'katrien-highpro.yukiworks.be' },
    ]);
  });

  it('reads Administrations with the profile fields SOAP has (no e-mail, phone, postal address or contact)', () => {
    expect(toAdministrations(resultOfFixture('administrations.response.xml', 'Administrations'))).toEqual([
      {
        id: '3f0e6f7a-1b2c-4d5e-8f90-a1b2c3d4e5f6',
        domainId: '7c2a3c0e-5a55-4d8e-9a55-2f7e9b6f1a01',
        name: 'Highpro BV',
        active: true,
        profile: {
          name: 'Highpro BV',
          addressLine: 'Rijnkaai 37',
          postcode: '2000',
          city: 'Antwerpen',
          country: 'BE',
          mailAddressLine: null,
          mailPostcode: null,
          mailCity: null,
          mailCountry: null,
          kvk: '0123456749',
          vat: 'BE0123.456.749',
          email: null,
          phone: null,
          contactFirstName: null,
          contactInitials: null,
          contactPrefix: null,
          contactLastName: null,
        },
        unknown: soapUnknownKeys,
      },
    ]);
    expect(soapUnknownKeys).toEqual(expect.arrayContaining(['email', 'phone', 'mailCity', 'contactLastName']));
  });
});

describe('documented responses (docs/external-systems/yuki.md#portal-tree, #search-contacts, #update-contact) (continued)', () => {
  it('reads a SearchContacts row: EMailWork, US dates in Amsterdam time, leading space, tags', () => {
    const r = toContacts(resultOfFixture('search-contacts.response.xml', 'SearchContacts'), 'dom');
    if (!r.ok) throw new Error(r.error);
    expect(r.value).toHaveLength(1);
    expect(r.value[0]).toMatchObject({
      id: ID,
      domainId: 'dom',
      type: 'company',
      code: null,
      name: 'Bol.com',
      postcode: '3528 BJ',
      city: 'UTRECHT',
      mailPostcode: '3528 BJ',
      phoneHome: '09002025438',
      emailWork: 'klantenservice@bol.com',
      emailHome: null,
      cocNumber: '0824.148.721',
      vatNumber: 'NL820471616B01',
      mainContactPersonId: 'ba62b21c-7d8e-4f90-a1b2-f7f3b2daab79',
      tags: ['F281_PA', 'Telecom'],
      // 4/10/2019 3:50:52 PM in Amsterdam (CEST, UTC+2) and 12/18/2019 10:21:40 AM (CET, UTC+1).
      createdAt: '2019-04-10T13:50:52.000Z',
      modifiedAt: '2019-12-18T09:21:40.000Z',
    });
  });

  it('reads an empty page as no contacts', () => {
    expect(toContacts(resultOfFixture('search-contacts.empty.response.xml', 'SearchContacts'), 'dom')).toEqual({
      ok: true,
      value: [],
    });
  });

  it('accepts the documented UpdateContact answer for the GUID it sent', () => {
    expect(toContactReceipt(resultOfFixture('update-contact.response.xml', 'UpdateContact'), ID)).toEqual({
      ok: true,
      value: { id: ID, message: `Succesfully updated Contact ${ID}`, timestamp: '2021-03-08' },
    });
  });

  it('treats an answer naming another contact as an error', () => {
    const other = '00000000-0000-4000-8000-000000000001' as PortalContactId;
    const r = toContactReceipt(resultOfFixture('update-contact.response.xml', 'UpdateContact'), other);
    expect(r).toMatchObject({ ok: false, error: { code: 'unknown' } });
  });

  it('maps the documented daily-limit fault to quota_exhausted, keeping Yuki’s words', () => {
    const r = parseSoapResponse(readFileSync(new URL('./fixtures/daily-limit.fault.xml', import.meta.url), 'utf8'));
    if (!r.ok || r.value.kind !== 'fault') throw new Error('fixture is not a fault');
    expect(faultToError(r.value.fault, { httpStatus: 500, msUntilReset: 1234, retryAfter: null })).toEqual({
      code: 'quota_exhausted',
      message: 'Daily limit exceeded (Every domain has 1000 free webservice calls a day.)',
      systemSaid: 'Daily limit exceeded (Every domain has 1000 free webservice calls a day.)',
      retryAfterMs: 1234,
    });
  });
});

describe('toContactXmlDoc', () => {
  const update = (fields: PortalContactUpdate['fields']): PortalContactUpdate => ({ id: ID, type: 'company', fields });

  it('always starts with the ID and the numeric Type, in the contact namespace', () => {
    const r = toContactXmlDoc(
      update({ name: 'Bol.com B.V.', postcode: '3528 BJ', emailWork: 'a@b.nl', phoneHome: null }),
    );
    if (!r.ok) throw new Error(r.error.message);
    expect(buildXml(r.value)).toBe(
      `<Contact xmlns="urn:xmlns:http://www.theyukicompany.com:contact"><ID>${ID}</ID><Type>2</Type><FullName>Bol.com B.V.</FullName><PostCode>3528 BJ</PostCode><PhoneHome/><EmailWork>a@b.nl</EmailWork></Contact>`,
    );
  });

  it('writes persons as Type 0', () => {
    const r = toContactXmlDoc({
      id: ID,
      type: 'person',
      fields: { firstName: 'Jan', lastName: 'Vries', middleName: 'de' },
    });
    expect(r.ok && buildXml(r.value)).toContain(
      '<Type>0</Type><FirstName>Jan</FirstName><MiddleName>de</MiddleName><LastName>Vries</LastName>',
    );
  });

  it('refuses an update without a GUID, even when the type is bypassed', () => {
    for (const bad of ['', 'Bol.com', '12345', ' ', undefined]) {
      const r = toContactXmlDoc({ id: bad as unknown as PortalContactId, type: 'company', fields: { name: 'x' } });
      expect(r).toMatchObject({ ok: false, error: { code: 'rejected', fieldErrors: [{ field: 'id' }] } });
    }
  });

  it('names a field holding a character XML cannot carry', () => {
    expect(toContactXmlDoc(update({ city: 'Utrecht\u0007' }))).toMatchObject({
      ok: false,
      error: { code: 'rejected', fieldErrors: [{ field: 'city' }] },
    });
  });
});

describe('searchParams', () => {
  it('sends modifiedAfter as Amsterdam wall-clock time, and the GUID for an ID search', () => {
    const params = searchParams({
      sessionId: 's',
      domainId: 'd',
      query: { modifiedAfter: '2024-07-01T10:00:00Z', field: 'phone', value: '0612', active: 'active' },
      page: 3,
    });
    expect(Object.fromEntries(params.map((p) => [p.name, p.value]))).toEqual({
      sessionID: 's',
      domainID: 'd',
      searchOption: 'Phone',
      searchValue: '0612',
      sortOrder: 'ModifiedAsc',
      modifiedAfter: '2024-07-01T12:00:00',
      active: 'Active',
      pageNumber: '3',
    });
    const byId = searchParams({ sessionId: 's', domainId: 'd', query: {}, page: 1, byId: ID });
    expect(byId.find((p) => p.name === 'searchOption')?.value).toBe('ID');
    expect(byId.find((p) => p.name === 'searchValue')?.value).toBe(ID);
  });
});

describe('time', () => {
  it('parses US timestamps across both DST changes and rejects other formats', () => {
    expect(parseUsDateTime('3/31/2024 1:59:59 AM', 'Europe/Amsterdam')).toBe('2024-03-31T00:59:59.000Z');
    expect(parseUsDateTime('3/31/2024 3:00:00 AM', 'Europe/Amsterdam')).toBe('2024-03-31T01:00:00.000Z');
    expect(parseUsDateTime('10/27/2024 12:00:00 PM', 'Europe/Amsterdam')).toBe('2024-10-27T11:00:00.000Z');
    // 2:30 happens twice when clocks go back: the first one (still CEST) is taken.
    expect(parseUsDateTime('10/27/2024 2:30:00 AM', 'Europe/Amsterdam')).toBe('2024-10-27T00:30:00.000Z');
    expect(parseUsDateTime('1/1/2024 12:00:00 AM', 'Europe/Amsterdam')).toBe('2023-12-31T23:00:00.000Z');
    expect(parseUsDateTime('2024-01-01T00:00:00', 'Europe/Amsterdam')).toBeNull();
    expect(parseUsDateTime('2/30/2024 1:00:00 PM', 'Europe/Amsterdam')).toBeNull();
  });

  it('puts quota days on Amsterdam midnight', () => {
    const lateUtc = new Date('2024-07-01T22:30:00Z'); // 00:30 on 2 July in Amsterdam
    expect(localDay(lateUtc, 'Europe/Amsterdam')).toBe('2024-07-02');
    expect(msUntilLocalMidnight(new Date('2024-07-01T21:00:00Z'), 'Europe/Amsterdam')).toBe(60 * 60_000);
    // The night clocks go back is 25 hours long.
    expect(msUntilLocalMidnight(new Date('2024-10-26T22:00:00Z'), 'Europe/Amsterdam')).toBe(25 * 3600_000);
    expect(toLocalDateTime(new Date('2024-01-15T08:05:09Z'), 'Europe/Amsterdam')).toBe('2024-01-15T09:05:09');
  });
});

describe('parsePortalContactId', () => {
  it('accepts GUIDs in any case and nothing else', () => {
    expect(parsePortalContactId(' A79D3806-1C2B-4E5F-9A0B-469DD282C109 ')).toBe(ID);
    expect(parsePortalContactId('a79d3806-1c2b-4e5f-9a0b-469dd282c10')).toBeNull();
    expect(parsePortalContactId('{a79d3806-1c2b-4e5f-9a0b-469dd282c109}')).toBeNull();
  });
});
