// An independent client (the `soap` npm package, driven by the served WSDL) against the Yuki simulator: catches a
// misreading of the contract that our connector and our simulator would otherwise share.
import { createClientAsync } from 'soap';
import { afterEach, describe, expect, it } from 'vitest';

import { CONTACT_NS } from './catalog.js';
import { startTestYukiSim } from './testing.js';

import type { Client } from 'soap';
import type { ListeningTestSim } from './testing.js';

let sim: ListeningTestSim | null = null;
afterEach(async () => {
  await sim?.close();
  sim = null;
});

type Call = (args: Record<string, unknown>) => Promise<[Record<string, unknown>, string, unknown, string]>;

/** An operation of a generated client (node-soap adds `{Operation}Async` methods at run time). */
function op(client: Client, name: string): Call {
  const fn: unknown = (client as unknown as Record<string, unknown>)[`${name}Async`];
  if (typeof fn !== 'function') throw new Error(`the WSDL has no operation ${name}`);
  return (args) =>
    (fn as (a: Record<string, unknown>) => Promise<[Record<string, unknown>, string, unknown, string]>).call(
      client,
      args,
    );
}

/** node-soap puts XML attributes under `attributes` and a single child as an object, several as an array. */
const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('the soap npm package against the simulator', () => {
  it('authenticates and lists administrations from the WSDL of Accounting.asmx', async () => {
    sim = await startTestYukiSim({ orgs: 3 });
    const client = await createClientAsync(`${sim.url}/ws/Accounting.asmx?wsdl`);
    const [auth, , , rawRequest] = await op(client, 'Authenticate')({ accessKey: sim.key });
    expect(rawRequest).toContain('<Authenticate xmlns="http://www.theyukicompany.com/">');
    const sessionID = auth['AuthenticateResult'];
    expect(sessionID).toMatch(/^[0-9a-f-]{36}$/);

    const [admins] = await op(client, 'Administrations')({ sessionID });
    const rows = list(
      (
        admins as {
          AdministrationsResult: {
            Administrations: { Administration: Record<string, unknown> | Record<string, unknown>[] };
          };
        }
      ).AdministrationsResult.Administrations.Administration,
    );
    const expected = sim.state().allAdministrations();
    expect(rows).toHaveLength(3);
    expect(rows.map((r) => (r['attributes'] as { ID: string }).ID)).toEqual(expected.map((a) => a.id));
    expect(rows[0]).toMatchObject({
      Name: expected[0]?.name,
      AddressLine: expected[0]?.addressLine,
      CoCNumber: expected[0]?.cocNumber,
      VATNumber: expected[0]?.vatNumber,
      DomainID: expected[0]?.domainId,
      Active: 'true',
    });
  });
});

describe('the soap npm package against the simulator: contacts', () => {
  it('searches contacts and updates one by ID with a raw xmlDoc through Contact.asmx', async () => {
    sim = await startTestYukiSim({ orgs: 1, options: { contactCompaniesPerAdministration: 60 } });
    const state = sim.state();
    const domainID = [...state.domains.keys()][0] ?? '';
    const client = await createClientAsync(`${sim.url}/ws/Contact.asmx?wsdl`);
    const [auth] = await op(client, 'Authenticate')({ accessKey: sim.key });
    const sessionID = auth['AuthenticateResult'];
    const search = async (pageNumber: number, extra: Record<string, unknown> = {}) => {
      const [res] = await op(
        client,
        'SearchContacts',
      )({
        sessionID,
        domainID,
        searchOption: 'All',
        searchValue: '',
        sortOrder: 'HID',
        modifiedAfter: '2000-01-01T00:00:00',
        active: 'Both',
        pageNumber,
        ...extra,
      });
      const result = (
        res as {
          SearchContactsResult?: {
            Contacts?: { Contact?: Record<string, unknown> | Record<string, unknown>[] } | string;
          };
        }
      ).SearchContactsResult;
      // An empty page `<Contacts xmlns=""/>` comes back as null.
      return result?.Contacts && typeof result.Contacts === 'object' ? list(result.Contacts.Contact) : [];
    };
    const page1 = await search(1);
    const page2 = await search(2);
    const page3 = await search(3);
    expect([page1.length, page2.length, page3.length]).toEqual([100, 20, 0]);
    const company = page1.find((c) => c['Type'] === 'Company');
    const stored = state.contactsOf(domainID)?.get((company?.['attributes'] as { ID: string }).ID);
    expect(company).toMatchObject({
      Name: stored?.fullName,
      EMailWork: stored?.emailWork,
      VATNumber: stored?.vatNumber,
      CoCNumber: stored?.cocNumber,
    });
    expect(company?.['Modified']).toMatch(/^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} [AP]M$/);

    const id = stored?.id ?? '';
    const [updated, rawResponse, , rawRequest] = await op(
      client,
      'UpdateContact',
    )({
      sessionID,
      domainID,
      xmlDoc: {
        $xml: `<Contact xmlns="${CONTACT_NS}"><ID>${id}</ID><Type>2</Type><City>Den Bosch &amp; Vught</City></Contact>`,
      },
    });
    expect(rawRequest).toContain(`<xmlDoc><Contact xmlns="${CONTACT_NS}"><ID>${id}</ID>`);
    expect(rawResponse).toContain('<ContactResponse xmlns="urn:xmlns:http://www.theyukicompany.com:contactResponse">');
    expect(updated).toMatchObject({
      UpdateContactResult: { ContactResponse: { Succeeded: `Succesfully updated Contact ${id}` } },
    });
    expect(state.contactsOf(domainID)?.get(id)?.city).toBe('Den Bosch & Vught');
    const byId = await search(1, { searchOption: 'ID', searchValue: id });
    expect(byId.map((c) => c['City'])).toEqual(['Den Bosch & Vught']);
  });
});

describe('the soap npm package against the simulator: SOAP 1.2 and faults', () => {
  it('speaks SOAP 1.2 and surfaces faults the way a client expects', async () => {
    sim = await startTestYukiSim({ orgs: 1 });
    const client = await createClientAsync(`${sim.url}/ws/Contact.asmx?wsdl`, { forceSoap12Headers: true });
    const [auth, , , rawRequest] = await op(client, 'Authenticate')({ accessKey: sim.key });
    expect(rawRequest).toContain('http://www.w3.org/2003/05/soap-envelope');
    expect(auth['AuthenticateResult']).toMatch(/^[0-9a-f-]{36}$/);
    const failure: unknown = await op(client, 'Authenticate')({ accessKey: 'wrong' }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toMatch(/Invalid access key/);
  });
});
