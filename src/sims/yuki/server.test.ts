import { describe, expect, it } from 'vitest';

import { CONTACT_NS } from './catalog.js';
import { call, loggedInSim, login, params, result, testSim } from './testing.js';
import { kid } from './xml.js';

import type { TestSim } from './testing.js';

/** POSTs a bare `<a/>` as text/xml, without a SOAPAction, to a service path. */
const postBareXml = (sim: TestSim, service: string) =>
  sim.app.inject({
    method: 'POST',
    url: `/ws/${service}.asmx`,
    headers: { 'content-type': 'text/xml' },
    payload: '<a/>',
  });

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('SOAP framing (docs/external-systems/yuki.md#soap-framing)', () => {
  it('serves SOAP 1.1: dispatch on SOAPAction, text/xml answer', async () => {
    const sim = testSim();
    const r = await call(sim, 'Accounting', 'Authenticate', params({ accessKey: sim.key }));
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('text/xml; charset=utf-8');
    expect(r.response?.local).toBe('AuthenticateResponse');
    expect(r.response?.ns).toBe('http://www.theyukicompany.com/');
    expect(kid(r.response, 'AuthenticateResult')?.text).toMatch(GUID);
  });

  it('serves SOAP 1.2: dispatch on the body element, application/soap+xml answer and 1.2 faults', async () => {
    const sim = testSim();
    const r = await call(sim, 'Contact', 'Authenticate', params({ accessKey: sim.key }), { version: '1.2' });
    expect(r.contentType).toBe('application/soap+xml; charset=utf-8');
    expect(kid(r.response, 'AuthenticateResult')?.text).toMatch(GUID);
    const bad = await call(sim, 'Contact', 'Authenticate', params({ accessKey: 'nope' }), { version: '1.2' });
    expect(bad.status).toBe(500);
    expect(bad.fault).toEqual({ code: 'soap:Sender', message: 'Invalid access key', detail: '' });
  });

  it('refuses SOAP 1.2 when switched off, and non-SOAP content types', async () => {
    const sim = testSim({ options: { soap12: false } });
    const r = await call(sim, 'Contact', 'Authenticate', params({ accessKey: sim.key }), { version: '1.2' });
    expect(r.status).toBe(415);
    const json = await sim.app.inject({ method: 'POST', url: '/ws/Contact.asmx', payload: { a: 1 } });
    expect(json.statusCode).toBe(415);
  });

  it('faults on a missing, unknown or mismatching SOAPAction and on malformed XML', async () => {
    const sim = testSim();
    const missing = await call(sim, 'Accounting', 'Authenticate', params({ accessKey: sim.key }), { soapAction: null });
    expect(missing.fault?.message).toBe('Server did not recognize the value of HTTP Header SOAPAction: .');
    const mismatch = await call(sim, 'Accounting', 'Authenticate', params({ accessKey: sim.key }), {
      soapAction: '"http://www.theyukicompany.com/Domains"',
    });
    expect(mismatch.fault?.message).toMatch(/does not match the body element <Authenticate>/);
    const unknown = await call(sim, 'Accounting', 'DeleteEverything', '');
    expect(unknown.fault?.message).toBe(
      'Server did not recognize the value of HTTP Header SOAPAction: http://www.theyukicompany.com/DeleteEverything.',
    );
    const res = await sim.app.inject({
      method: 'POST',
      url: '/ws/Accounting.asmx',
      headers: { 'content-type': 'text/xml', soapaction: '"http://www.theyukicompany.com/Authenticate"' },
      payload: '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><Authenticate>',
    });
    expect(res.statusCode).toBe(500);
    expect(res.body).toContain('Server was unable to read request');
  });

  it('serves contact operations on Contact.asmx only, and 404s unknown services', async () => {
    const { sim, sid } = await loggedInSim();
    const r = await call(sim, 'Accounting', 'SearchContacts', params({ sessionID: sid }));
    expect(r.fault?.message).toMatch(/did not recognize the value of HTTP Header SOAPAction/);
    const missing = await postBareXml(sim, 'Nope');
    expect(missing.statusCode).toBe(404);
  });
});

describe('authentication and sessions (docs/external-systems/yuki.md#sessions)', () => {
  it('refuses an unknown key with "Invalid access key" as a soap:Client fault over HTTP 500', async () => {
    const sim = testSim();
    const r = await call(sim, 'Accounting', 'Authenticate', params({ accessKey: 'not-a-key' }));
    expect(r.status).toBe(500);
    expect(r.fault).toEqual({ code: 'soap:Client', message: 'Invalid access key', detail: '' });
  });

  it('authenticates by user name', async () => {
    const sim = testSim();
    await sim.app.inject({ method: 'POST', url: '/__sim/users', payload: { userName: 'Anna', password: 's3cret!' } });
    const ok = await call(
      sim,
      'Accounting',
      'AuthenticateByUserName',
      params({ userName: 'anna', password: 's3cret!' }),
    );
    expect(kid(ok.response, 'AuthenticateByUserNameResult')?.text).toMatch(GUID);
    const bad = await call(
      sim,
      'Accounting',
      'AuthenticateByUserName',
      params({ userName: 'anna', password: 'guess' }),
    );
    expect(bad.fault?.message).toBe('Invalid username or password');
  });

  it('expires a session after the idle time; using it keeps it alive; the fault text is configurable', async () => {
    const { sim, sid } = await loggedInSim({
      options: { sessionIdleMinutes: 30, sessionFaultMessage: 'Sessie verlopen' },
    });
    sim.clock.ms += 29 * 60_000;
    expect((await call(sim, 'Accounting', 'Domains', params({ sessionID: sid }))).fault).toBeUndefined();
    sim.clock.ms += 29 * 60_000;
    expect((await call(sim, 'Accounting', 'Domains', params({ sessionID: sid }))).fault).toBeUndefined();
    sim.clock.ms += 30 * 60_000;
    const r = await call(sim, 'Accounting', 'Domains', params({ sessionID: sid }));
    expect(r.fault).toEqual({ code: 'soap:Client', message: 'Sessie verlopen', detail: '' });
    // Sessions are shared by all services (the session is Yuki's, not the ASMX file's).
    const sid2 = await login(sim, 'Contact');
    expect((await call(sim, 'Domains', 'Domains', params({ sessionID: sid2 }))).fault).toBeUndefined();
  });
});

describe('portal tree (docs/external-systems/yuki.md#portal-tree)', () => {
  it('lists domains and administrations with the nested xmlns="" payloads and profile fields', async () => {
    const { sim, sid } = await loggedInSim({ orgs: 2 });
    const domains = await call(sim, 'Accounting', 'Domains', params({ sessionID: sid }));
    expect(domains.body).toContain('<DomainsResult><Domains xmlns=""><Domain ID="');
    const rows = kid(result(domains, 'Domains'), 'Domains')?.kids ?? [];
    expect(rows).toHaveLength(2);
    expect(kid(rows[0], 'URL')?.text).toMatch(/\.yukiworks\.nl$/);

    const admins = await call(sim, 'Accounting', 'Administrations', params({ sessionID: sid }));
    expect(admins.body).toContain('<AdministrationsResult><Administrations xmlns="">');
    const a = kid(result(admins, 'Administrations'), 'Administrations')?.kids[0];
    expect(a?.kids.map((k) => k.local)).toEqual([
      'Name',
      'AddressLine',
      'Postcode',
      'City',
      'Country',
      'CoCNumber',
      'VATNumber',
      'StartDate',
      'DomainID',
      'Active',
    ]);
    expect(kid(a, 'CoCNumber')?.text).toMatch(/^\d{8}$/);
    expect(kid(a, 'VATNumber')?.text).toMatch(/^NL\d{9}B\d{2}$/);
    expect(kid(a, 'DomainID')?.text).toBe(a && rows[0] ? rows[0].attrs['ID'] : 'missing');

    const withCode = await call(
      sim,
      'Accounting',
      'AdministrationsWithInternalCustomerCode',
      params({ sessionID: sid }),
    );
    expect(
      kid(
        kid(result(withCode, 'AdministrationsWithInternalCustomerCode'), 'Administrations')?.kids[0],
        'InternalCustomerCode',
      )?.text,
    ).toBe('KL-00001');

    const name = kid(a, 'Name')?.text ?? '';
    const byName = await call(
      sim,
      'Accounting',
      'AdministrationID',
      params({ sessionID: sid, administrationName: name.toUpperCase() }),
    );
    expect(result(byName, 'AdministrationID').text).toBe(a?.attrs['ID']);
    const noName = await call(
      sim,
      'Accounting',
      'AdministrationID',
      params({ sessionID: sid, administrationName: 'Bestaat Niet BV' }),
    );
    expect(noName.fault?.message).toBe("Administration 'Bestaat Niet BV' was not found.");

    const companies = await call(sim, 'Accounting', 'Companies', params({ sessionID: sid }));
    expect(companies.body).toMatch(
      /<Companies xmlns=""><Company ID="[^"]+"><Name>[^<]+<\/Name><Active>true<\/Active><\/Company>/,
    );
  });
});

describe('portal tree: current domain and domain-scoped keys', () => {
  it('keeps the current domain per session (GetCurrentDomain/SetCurrentDomain)', async () => {
    const { sim, sid } = await loggedInSim({ orgs: 2 });
    const none = await call(sim, 'Domains', 'GetCurrentDomain', params({ sessionID: sid }));
    expect(none.body).toContain('<GetCurrentDomainResult><Domains xmlns=""/></GetCurrentDomainResult>');
    const second = [...sim.state().domains.values()][1];
    const set = await call(sim, 'Domains', 'SetCurrentDomain', params({ sessionID: sid, domainID: second?.id ?? '' }));
    expect(set.response?.kids).toEqual([]);
    const now = await call(sim, 'Domains', 'GetCurrentDomain', params({ sessionID: sid }));
    expect(kid(kid(result(now, 'GetCurrentDomain'), 'Domains'), 'Domain')?.attrs['ID']).toBe(second?.id);
    const bad = await call(
      sim,
      'Domains',
      'SetCurrentDomain',
      params({ sessionID: sid, domainID: '00000000-0000-4000-8000-000000000000' }),
    );
    expect(bad.fault?.message).toMatch(/was not found or is not accessible/);
  });

  it('limits a domain-scoped key to its domain', async () => {
    const sim = testSim({ orgs: 3 });
    const [first, second] = [...sim.state().domains.values()];
    const created = await sim.app.inject({
      method: 'POST',
      url: '/__sim/access-keys',
      payload: { domainId: first?.id, label: 'one domain' },
    });
    const key = created.json<{ key: string }>().key;
    const auth = await call(sim, 'Accounting', 'Authenticate', params({ accessKey: key }));
    const sid = result(auth, 'Authenticate').text;
    const domains = await call(sim, 'Accounting', 'Domains', params({ sessionID: sid }));
    expect(kid(result(domains, 'Domains'), 'Domains')?.kids.map((d) => d.attrs['ID'])).toEqual([first?.id]);
    const other = await call(
      sim,
      'Contact',
      'SearchContacts',
      params({ sessionID: sid, domainID: second?.id ?? '', pageNumber: '1' }),
    );
    expect(other.fault?.message).toMatch(/not accessible/);
  });
});

describe('daily quota (docs/external-systems/yuki.md#quota)', () => {
  it('refuses the call after the limit with the documented fault, and resets at Amsterdam midnight', async () => {
    const sim = testSim({ orgs: 1, options: { dailyCallLimit: 3 } });
    const domain = [...sim.state().domains.values()][0]?.id ?? '';
    const sid = await login(sim); // a portal key: Authenticate is not counted against a domain
    const search = (session: string) =>
      call(sim, 'Contact', 'SearchContacts', params({ sessionID: session, domainID: domain, pageNumber: '1' }));
    for (let i = 0; i < 3; i++) expect((await search(sid)).fault).toBeUndefined();
    const over = await search(sid);
    expect(over.status).toBe(500);
    expect(over.fault).toEqual({
      code: 'soap:Client',
      message: 'Daily limit exceeded',
      detail: 'Every domain has 1000 free webservice calls a day.',
    });
    // 2024-07-01 10:00 UTC is 12:00 in Amsterdam; 21:59 UTC is still the same day there, 22:00 UTC is the next.
    sim.clock.ms = Date.UTC(2024, 6, 1, 21, 59, 0);
    expect((await search(await login(sim))).fault?.message).toBe('Daily limit exceeded');
    sim.clock.ms = Date.UTC(2024, 6, 1, 22, 0, 0);
    expect((await search(await login(sim))).fault).toBeUndefined();
    expect((await sim.app.inject({ url: `/__sim/quota/${domain}` })).json()).toEqual({
      day: '2024-07-02',
      used: 1,
      limit: 3,
    });
  });

  it('counts calls of a domain-scoped key, including Authenticate, against its domain; limits are per domain', async () => {
    const sim = testSim({ orgs: 2 });
    const [first, second] = [...sim.state().domains.values()];
    await sim.app.inject({ method: 'PUT', url: `/__sim/quota/${first?.id ?? ''}`, payload: { limit: 2 } });
    const key = (
      await sim.app.inject({ method: 'POST', url: '/__sim/access-keys', payload: { domainId: first?.id } })
    ).json<{ key: string }>().key;
    const auth = await call(sim, 'Accounting', 'Authenticate', params({ accessKey: key }));
    const sid = result(auth, 'Authenticate').text;
    expect((await call(sim, 'Accounting', 'Domains', params({ sessionID: sid }))).fault).toBeUndefined();
    expect((await call(sim, 'Accounting', 'Domains', params({ sessionID: sid }))).fault?.message).toBe(
      'Daily limit exceeded',
    );
    expect((await sim.app.inject({ url: `/__sim/quota/${second?.id ?? ''}` })).json()).toMatchObject({
      used: 0,
      limit: 1000,
    });
  });
});

describe('WSDL and service page', () => {
  it('describes every operation with SOAP 1.1 and 1.2 bindings, xmlDoc as s:any, and this server as address', async () => {
    const sim = testSim();
    const res = await sim.app.inject({ url: '/ws/Contact.asmx?WSDL', headers: { host: 'yuki.test:8080' } });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<soap:address location="http://yuki.test:8080/ws/Contact.asmx"/>');
    expect(res.body).toContain(
      '<soap12:operation soapAction="http://www.theyukicompany.com/UpdateContact" style="document"/>',
    );
    expect(res.body).toContain(
      '<s:element minOccurs="0" maxOccurs="1" name="xmlDoc"><s:complexType mixed="true"><s:sequence><s:any/>',
    );
    expect(res.body).toContain('<s:enumeration value="ModifiedDesc"/>');
    for (const op of ['Authenticate', 'SearchContacts', 'UpdateContact', 'Administrations', 'Domains']) {
      expect(res.body).toContain(`<wsdl:operation name="${op}">`);
    }
    const accounting = await sim.app.inject({ url: '/ws/Accounting.asmx?wsdl' });
    expect(accounting.body).not.toContain('name="UpdateContact"');
    const page = await sim.app.inject({ url: '/ws/Domains.asmx' });
    expect(page.body).toContain('<li>SetCurrentDomain</li>');
  });
});

describe('fault injection', () => {
  it('answers injected failures with a SOAP fault, a rate limit with Retry-After, and cut-off bodies', async () => {
    const sim = testSim();
    sim.faults.add({ kind: 'status', status: 503, count: 1 });
    const down = await call(sim, 'Accounting', 'Authenticate', params({ accessKey: sim.key }));
    expect(down.status).toBe(503);
    expect(down.fault?.code).toBe('soap:Server');
    sim.faults.add({ kind: 'rate_limit', retryAfterSeconds: 7, count: 1 });
    const limited = await postBareXml(sim, 'Accounting');
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['retry-after']).toBe('7');
    sim.faults.add({ kind: 'malformed', count: 1 });
    const cut = await call(sim, 'Accounting', 'Authenticate', params({ accessKey: sim.key }));
    expect(cut.status).toBe(200);
    expect(cut.response).toBeUndefined();
    expect((await call(sim, 'Accounting', 'Authenticate', params({ accessKey: sim.key }))).status).toBe(200);
  });
});

describe('call log', () => {
  it('counts calls per method for tests and the demo', async () => {
    const sim = testSim();
    await login(sim);
    await login(sim);
    await call(
      sim,
      'Contact',
      'UpdateContact',
      `<sessionID>x</sessionID><xmlDoc><Contact xmlns="${CONTACT_NS}"/></xmlDoc>`,
    );
    expect((await sim.app.inject({ url: '/__sim/calls' })).json()).toEqual({
      calls: { Authenticate: 2, UpdateContact: 1 },
    });
  });
});
