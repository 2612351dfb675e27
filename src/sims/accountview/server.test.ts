// The AccountView.net simulator on the wire: authorize/token edge cases, the data API's query features, writes, admin.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

import { createAccountViewSim, startAccountViewSim } from './cli.js';
import { consentInBrowser, startTestAccountViewSim } from './testing.js';

import type { TestAccountViewSim } from './testing.js';

// 100,000 rows of real work: a loaded 2-core machine has stretched this past the default 20 s.
const SCALE_TEST_TIMEOUT_MS = 120_000;

const REDIRECT = 'https://client.test/cb';
let sim: TestAccountViewSim | null = null;

afterEach(async () => {
  await sim?.close();
  sim = null;
});

async function start(opts: Parameters<typeof startTestAccountViewSim>[0] = {}): Promise<TestAccountViewSim> {
  sim = await startTestAccountViewSim(opts);
  return sim;
}

function form(values: Record<string, string>): RequestInit {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values).toString(),
  };
}

/** POSTs a form to the token endpoint with the app's credentials in the body. */
function postToken(
  s: TestAccountViewSim,
  app: { clientId: string; clientSecret: string },
  values: Record<string, string>,
) {
  return fetch(`${s.url}/api/v3/token`, form({ ...values, client_id: app.clientId, client_secret: app.clientSecret }));
}

/** Runs the code flow over HTTP and returns the token response. */
async function tokens(s: TestAccountViewSim, scope = 'readaccountviewdata') {
  const app = s.registerApp([REDIRECT]);
  const url = new URL(`${s.url}/ams/authorize.aspx`);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: app.clientId,
    redirect_uri: REDIRECT,
    scope,
    state: 'xyz',
  }).toString();
  const callback = await consentInBrowser(url);
  const res = await postToken(s, app, {
    grant_type: 'authorization_code',
    code: callback.searchParams.get('code') ?? '',
    redirect_uri: REDIRECT,
  });
  expect(res.status).toBe(200);
  return { app, body: (await res.json()) as { access_token: string; refresh_token: string } };
}

/** The query parameters of a request's first filter (AccountView numbers them: FilterControlSource1, …). */
function filter1(field: string, operator: string, valueType: 'C' | 'T', value: string): Record<string, string> {
  return { FilterControlSource1: field, FilterOperator1: operator, FilterValueType1: valueType, FilterValue1: value };
}

async function data(s: TestAccountViewSim, token: string, query: Record<string, string>, pathName = 'accountviewdata') {
  const res = await fetch(`${s.url}/api/v3/${pathName}?${new URLSearchParams(query).toString()}`, {
    headers: { authorization: `Bearer ${token}`, 'x-company': s.companies[0]?.id ?? '' },
  });
  return {
    status: res.status,
    body: (await res.json()) as Record<string, Record<string, unknown>[]> & { ErrorMessage?: string },
  };
}

describe('authorize endpoint', () => {
  it('shows a consent page whose form approves, and a login page when nobody is logged in', async () => {
    const s = await start();
    const app = s.registerApp([REDIRECT]);
    const params = { response_type: 'code', client_id: app.clientId, redirect_uri: REDIRECT, state: 's1' };
    const consent = await fetch(`${s.url}/ams/authorize.aspx?${new URLSearchParams(params).toString()}`);
    const html = await consent.text();
    expect(html).toContain('name="decision" value="approve"');
    expect(html).toContain(`value="${s.user.id}"`);
    const approved = await fetch(`${s.url}/ams/authorize.aspx`, {
      ...form({ ...params, sim_user: s.user.id, decision: 'approve' }),
      redirect: 'manual',
    });
    expect(approved.status).toBe(302);
    const location = new URL(approved.headers.get('location') ?? '');
    expect(location.origin + location.pathname).toBe(REDIRECT);
    expect(location.searchParams.get('state')).toBe('s1');
    expect(location.searchParams.get('code')).toEqual(expect.any(String));

    s.state.sessionUserId = null;
    const login = await (await fetch(`${s.url}/ams/authorize.aspx?${new URLSearchParams(params).toString()}`)).text();
    expect(login).toContain('<select name="sim_user">');
  });

  it('approves at once with autoConsent and supports the implicit flow (token in the fragment)', async () => {
    const s = await start({ extra: { autoConsent: 'true' } });
    const app = s.registerApp([REDIRECT]);
    const res = await fetch(
      `${s.url}/ams/authorize.aspx?${new URLSearchParams({ response_type: 'token', client_id: app.clientId, redirect_uri: REDIRECT, state: 'q' }).toString()}`,
      { redirect: 'manual' },
    );
    const fragment = new URLSearchParams(new URL(res.headers.get('location') ?? '').hash.slice(1));
    expect(fragment.get('token_type')).toBe('bearer');
    expect(fragment.get('state')).toBe('q');
    const companies = await fetch(`${s.url}/api/v3/Companies`, {
      headers: { authorization: `Bearer ${fragment.get('access_token') ?? ''}` },
    });
    expect(companies.status).toBe(200);
  });

  it('refuses an unknown client without redirecting, and an unknown scope with a redirect', async () => {
    const s = await start();
    const app = s.registerApp([REDIRECT]);
    const unknown = await fetch(
      `${s.url}/ams/authorize.aspx?response_type=code&client_id=nope&redirect_uri=${encodeURIComponent(REDIRECT)}`,
      { redirect: 'manual' },
    );
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toContain('client_id &#39;nope&#39; is niet geregistreerd');
    const scope = await consentInBrowser(
      `${s.url}/ams/authorize.aspx?response_type=code&client_id=${app.clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}&scope=everything`,
    );
    expect(scope.searchParams.get('error')).toBe('invalid_scope');
  });
});

describe('authorize endpoint: PKCE', () => {
  it('requires a PKCE challenge when configured, and ignores one when told to', async () => {
    const required = await start({ extra: { pkce: 'required' } });
    const app = required.registerApp([REDIRECT]);
    const q = `response_type=code&client_id=${app.clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}`;
    expect((await consentInBrowser(`${required.url}/ams/authorize.aspx?${q}`)).searchParams.get('error')).toBe(
      'invalid_request',
    );
    await required.close();

    const ignored = await start({ extra: { pkce: 'ignored' } });
    const app2 = ignored.registerApp([REDIRECT]);
    const cb = await consentInBrowser(
      `${ignored.url}/ams/authorize.aspx?response_type=code&client_id=${app2.clientId}&redirect_uri=${encodeURIComponent(REDIRECT)}&code_challenge=abc&code_challenge_method=S256`,
    );
    const res = await postToken(ignored, app2, {
      grant_type: 'authorization_code',
      code: cb.searchParams.get('code') ?? '',
      redirect_uri: REDIRECT,
    });
    expect(res.status).toBe(200);
  });
});

describe('token endpoint', () => {
  it('refuses HTTP Basic client authentication (docs/external-systems/accountview.md#oauth) and unknown grant types', async () => {
    const s = await start();
    const { app, body } = await tokens(s);
    const basic = await fetch(`${s.url}/api/v3/token`, {
      ...form({ grant_type: 'refresh_token', refresh_token: body.refresh_token }),
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        authorization: `Basic ${Buffer.from(`${app.clientId}:${app.clientSecret}`).toString('base64')}`,
      },
    });
    expect(basic.status).toBe(401);
    expect(await basic.json()).toMatchObject({ error: 'invalid_client' });
    const password = await postToken(s, app, { grant_type: 'password' });
    expect(await password.json()).toMatchObject({ error: 'unsupported_grant_type' });
  });

  it('keeps the refresh token when rotation is off', async () => {
    const s = await start({ extra: { rotateRefreshTokens: 'false' } });
    const { app, body } = await tokens(s);
    const refresh = () => postToken(s, app, { grant_type: 'refresh_token', refresh_token: body.refresh_token });
    expect(((await (await refresh()).json()) as { refresh_token: string }).refresh_token).toBe(body.refresh_token);
    expect((await refresh()).status).toBe(200);
  });

  it('revokes the grant on refresh-token reuse when configured', async () => {
    const s = await start({ extra: { revokeGrantOnRefreshReuse: 'true' } });
    const { app, body } = await tokens(s);
    const refresh = (token: string) => postToken(s, app, { grant_type: 'refresh_token', refresh_token: token });
    const next = (await (await refresh(body.refresh_token)).json()) as { refresh_token: string };
    expect((await refresh(body.refresh_token)).status).toBe(400);
    expect(await (await refresh(next.refresh_token)).json()).toMatchObject({ error: 'invalid_grant' });
  });
});

describe('data API', () => {
  it('answers with the AccountView error object for a missing or unknown token and a missing scope', async () => {
    const s = await start();
    const none = await fetch(`${s.url}/api/v3/companies`);
    expect(none.status).toBe(401);
    const noneBody = (await none.json()) as Record<string, unknown>;
    expect(Object.keys(noneBody)).toEqual(['ErrorType', 'ErrorNumbers', 'ErrorMessage']);
    expect(noneBody).toMatchObject({ ErrorType: 'AccountViewError', ErrorNumbers: null });
    expect(noneBody['ErrorMessage']).toContain('Authorization: Bearer');
    const { body } = await tokens(s);
    const write = await fetch(`${s.url}/api/v3/accountviewdata`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${body.access_token}`,
        'x-company': s.companies[0]?.id ?? '',
        'content-type': 'application/json',
      },
      body: '{}',
    });
    expect(write.status).toBe(403);
    expect(write.headers.get('www-authenticate')).toContain('insufficient_scope');
  });
});

describe('data API: Fields, sorting, filters and pages', () => {
  it('selects Fields, sorts, filters with Contains/Equal/lists and pages by PageNumber', async () => {
    const s = await start({ orgs: 60 });
    const { body } = await tokens(s);
    const all = await data(s, body.access_token, {
      BusinessObject: 'ar1',
      PageSize: '1000',
      Fields: 'contact.sub_nr,ACCT_NAME,CITY',
    });
    const rows = all.body['CONTACT'] ?? [];
    expect(rows).toHaveLength(48);
    expect(Object.keys(rows[0] ?? {})).toEqual(['SUB_NR', 'ACCT_NAME', 'CITY']);

    const sorted = await data(
      s,
      body.access_token,
      {
        BusinessObject: 'AR1',
        PageSize: '5',
        PageNumber: '2',
        SortFields: 'ACCT_NAME',
        SortOrder: 'Descending',
        Fields: 'ACCT_NAME',
      },
      'AccountViewData',
    );
    const expected = rows
      .map((r) => String(r['ACCT_NAME']))
      .sort((a, b) => b.toLowerCase().localeCompare(a.toLowerCase()))
      .slice(5, 10);
    expect(sorted.body['CONTACT']?.map((r) => r['ACCT_NAME'])).toEqual(expected);

    const city = String(rows[0]?.['CITY']);
    const byCity = await data(s, body.access_token, {
      BusinessObject: 'AR1',
      PageSize: '100',
      ...filter1('CITY', 'Equal', 'C', city.toUpperCase()),
      Fields: 'CITY',
    });
    expect(byCity.body['CONTACT']?.length).toBe(rows.filter((r) => r['CITY'] === city).length);

    const list = await data(s, body.access_token, {
      BusinessObject: 'AR1',
      ...filter1('SUB_NR', 'Equal', 'C', '100002,100005'),
      FilterIsListOfValues1: 'true',
      Fields: 'SUB_NR',
    });
    expect(list.body['CONTACT']).toEqual([{ SUB_NR: '100002' }, { SUB_NR: '100005' }]);

    const word = String(rows[3]?.['ACCT_NAME']).split(' ')[0] ?? '';
    const contains = await data(s, body.access_token, {
      BusinessObject: 'AR1',
      PageSize: '1000',
      ...filter1('ACCT_NAME', 'Contains', 'C', word.toLowerCase()),
      Fields: 'ACCT_NAME',
    });
    expect(contains.body['CONTACT']?.length).toBe(
      rows.filter((r) => String(r['ACCT_NAME']).toLowerCase().includes(word.toLowerCase())).length,
    );
  });
});

describe('data API: lastKey paging, delivery addresses and errors', () => {
  it('pages with lastKey and filters CNG_DATE with a FoxPro literal', async () => {
    const s = await start({ orgs: 30 });
    const { body } = await tokens(s);
    const page = await data(s, body.access_token, {
      BusinessObject: 'AP1',
      PageSize: '2',
      lastKey: '900001',
      Fields: 'SUB_NR',
    });
    expect(page.body['CONTACT']).toEqual([{ SUB_NR: '900002' }, { SUB_NR: '900003' }]);
    const all =
      (await data(s, body.access_token, { BusinessObject: 'CON', PageSize: '1000', Fields: 'SUB_NR,CNG_DATE' })).body[
        'CONTACT'
      ] ?? [];
    expect(all).toHaveLength(30);
    const since = '2022-06-01T00:00:00';
    const recent = await data(s, body.access_token, {
      BusinessObject: 'CON',
      PageSize: '1000',
      Fields: 'SUB_NR',
      ...filter1('CNG_DATE', 'DateOnOrAfterDate', 'T', '{^2022-06-01 00:00:00}'),
    });
    expect(recent.body['CONTACT']?.map((r) => r['SUB_NR'])).toEqual(
      all.filter((r) => String(r['CNG_DATE']) >= since).map((r) => r['SUB_NR']),
    );
  });

  it('serves delivery addresses (ADDR) keyed by table DEL_ADDR', async () => {
    const s = await start({ orgs: 200 });
    const { body } = await tokens(s);
    const res = await data(s, body.access_token, { BusinessObject: 'ADDR', PageSize: '3' });
    expect(res.status).toBe(200);
    expect(Object.keys(res.body)).toEqual(['DEL_ADDR']);
    // REC_ID is a character key, so it pages in string order (1, 10, 11, ...).
    expect(res.body['DEL_ADDR']?.map((r) => r['REC_ID'])).toEqual(['1', '10', '11']);
    expect(res.body['DEL_ADDR']?.[0]).toMatchObject({
      ADDR_CODE: 'AFL1',
      SUB_NR: expect.stringMatching(/^1\d{5}$/) as unknown,
    });
  });

  it('refuses unknown business objects, fields, operators and a raw Filter with an error object', async () => {
    const s = await start();
    const { body } = await tokens(s);
    for (const query of [
      { BusinessObject: 'XX9' },
      { BusinessObject: 'AR1', Fields: 'NOPE' },
      { BusinessObject: 'AR1', FilterControlSource1: 'CITY', FilterOperator1: 'Like', FilterValue1: 'x' },
      { BusinessObject: 'AR1', FilterControlSource1: 'CNG_DATE', FilterValueType1: 'T', FilterValue1: 'gisteren' },
      { BusinessObject: 'AR1', Filter: "contact.city='Delft'" },
    ]) {
      const res = await data(s, body.access_token, query);
      expect(res.status).toBe(400);
      expect(res.body.ErrorMessage).toEqual(expect.any(String));
    }
  });
});

describe('data API: writes', () => {
  it('upserts through POST with case-insensitive keys and maintains CNG_DATE/CNG_NR', async () => {
    const clock = { now: new Date('2026-05-01T12:00:00Z') };
    const s = await start({ clock: () => clock.now });
    const { body } = await tokens(s, 'readaccountviewdata writeaccountviewdata');
    const post = (payload: unknown) =>
      fetch(`${s.url}/api/v3/accountviewdata`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${body.access_token}`,
          'x-company': s.companies[0]?.id ?? '',
          'content-type': 'application/json',
        },
        body: JSON.stringify(payload),
      });
    const before = s.state.tablesOf(s.companies[0]?.id ?? '')?.contacts.get('100001');
    const updated = await post({
      businessobject: 'AR1',
      table: {
        definition: {
          name: 'CONTACT',
          fields: [
            { name: 'RowId', fieldtype: 'C' },
            { name: 'sub_nr', fieldtype: 'C' },
            { name: 'TEL_BUS', fieldtype: 'C' },
          ],
        },
      },
      tabledata: { data: { rows: [{ values: ['1', '100001', '020 7654321'] }] } },
    });
    expect(updated.status).toBe(200);
    const row = ((await updated.json()) as { CONTACT: Record<string, unknown>[] }).CONTACT[0];
    expect(row).toMatchObject({
      TEL_BUS: '020 7654321',
      CNG_DATE: '2026-05-01T14:00:00',
      CNG_NR: Number(before?.['CNG_NR']) + 1,
      ACCT_NAME: before?.['ACCT_NAME'],
    });

    const created = await post({
      BusinessObject: 'AR1',
      Table: {
        Definition: {
          Name: 'CONTACT',
          Fields: [
            { Name: 'SUB_NR', FieldType: 'C' },
            { Name: 'ACCT_NAME', FieldType: 'C' },
          ],
        },
      },
      TableData: { Data: { Rows: [{ Values: ['100999', 'Bakkerij De Vries'] }] } },
    });
    expect(((await created.json()) as { CONTACT: Record<string, unknown>[] }).CONTACT[0]).toMatchObject({
      SUB_NR: '100999',
      INP_DATE: '2026-05-01T14:00:00',
      CNG_NR: 0,
    });
    const missingName = await post({
      BusinessObject: 'AR1',
      Table: { Definition: { Name: 'CONTACT', Fields: [{ Name: 'SUB_NR', FieldType: 'C' }] } },
      TableData: { Data: { Rows: [{ Values: ['100998'] }] } },
    });
    expect(((await missingName.json()) as { ErrorMessage: string }).ErrorMessage).toContain('ACCT_NAME');
  });
});

describe('admin API and lifecycle', () => {
  it('reseeds through the admin API and logs a chosen user in for the authorize page', async () => {
    const s = await start();
    const json = { 'content-type': 'application/json' };
    const seeded = await fetch(`${s.url}/__sim/seed`, {
      method: 'POST',
      headers: json,
      body: JSON.stringify({ seed: 3, orgs: 4, companies: 2, app: { clientId: 'demo-key', redirectUris: [REDIRECT] } }),
    });
    expect(seeded.status).toBe(201);
    const result = (await seeded.json()) as { companies: { id: string }[]; app: { clientId: string } };
    expect(result.companies).toHaveLength(2);
    expect(s.state.tablesOf(result.companies[1]?.id ?? '')?.contacts.size).toBe(4);

    const other = s.state.addUser({ login: 'piet@kantoor.nl', name: 'Piet' });
    const session = await fetch(`${s.url}/__sim/session`, {
      method: 'PUT',
      headers: json,
      body: JSON.stringify({ userId: other.id }),
    });
    expect(session.status).toBe(200);
    const page = await fetch(
      `${s.url}/ams/authorize.aspx?response_type=code&client_id=demo-key&redirect_uri=${encodeURIComponent(REDIRECT)}`,
    );
    expect(await page.text()).toContain('als Piet');
  });

  it('validates admin bodies and manages apps, records and the clock', async () => {
    const s = await start();
    const bad = await fetch(`${s.url}/__sim/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ redirectUris: ['not a url'] }),
    });
    expect(bad.status).toBe(400);
    const created = await fetch(`${s.url}/__sim/apps`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'key-1', redirectUris: [REDIRECT] }),
    });
    expect(created.status).toBe(201);
    expect((await (await fetch(`${s.url}/__sim/apps`)).json()) as unknown[]).toHaveLength(1);

    const companyId = s.companies[0]?.id ?? '';
    const rec = await fetch(`${s.url}/__sim/companies/${companyId}/records/AR1/100001`);
    expect(await rec.json()).toMatchObject({ SUB_NR: '100001' });
    const listed = (await (await fetch(`${s.url}/__sim/companies/${companyId}/records/ap1?limit=2`)).json()) as {
      rows: { SUB_NR: string }[];
    };
    expect(listed.rows.map((r) => r.SUB_NR)).toEqual(['900001', '900002']);

    const clock = (await (
      await fetch(`${s.url}/__sim/clock`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ advanceSeconds: 90 }),
      })
    ).json()) as { offsetMs: number };
    expect(clock.offsetMs).toBe(90_000);
  });
});

describe('admin API and lifecycle: seeding, snapshots and scale', () => {
  it('seeds deterministically and saves/loads a snapshot', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'av-sim-'));
    try {
      const snapshotPath = path.join(dir, 'av.json');
      const a = await createAccountViewSim({ port: 0, seed: 7, orgs: 15, snapshotPath });
      const b = await createAccountViewSim({ port: 0, seed: 7, orgs: 15 });
      const companyId = [...a.state.companies.keys()][0] ?? '';
      expect([...b.state.companies.keys()]).toEqual([companyId]);
      expect(b.state.tablesOf(companyId)?.contacts.get('100004')).toEqual(
        a.state.tablesOf(companyId)?.contacts.get('100004'),
      );
      a.state.tablesOf(companyId)?.contacts.delete('100004');
      a.state.changed();
      await a.app.close();
      await b.app.close();

      const running = await startAccountViewSim({ port: 0, seed: 7, orgs: 15, snapshotPath });
      const loaded = await createAccountViewSim({ port: 0, seed: 999, orgs: 1, snapshotPath });
      expect(loaded.state.tablesOf(companyId)?.contacts.get('100004')).toBeUndefined();
      expect(loaded.state.tablesOf(companyId)?.contacts.size).toBe(14);
      await running.close();
      await loaded.app.close();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it(
    'serves 100,000 relations: the last keyset page and a filtered page come straight from the index',
    async () => {
      const s = await start({ orgs: 100_000 });
      const { body } = await tokens(s);
      const last = await data(s, body.access_token, {
        BusinessObject: 'AP1',
        PageSize: '1000',
        lastKey: '919999',
        Fields: 'SUB_NR',
      });
      expect(last.body['CONTACT']).toEqual([{ SUB_NR: '920000' }]);
      const page80 = await data(s, body.access_token, {
        BusinessObject: 'AR1',
        PageSize: '1000',
        PageNumber: '80',
        Fields: 'SUB_NR',
      });
      expect(page80.body['CONTACT']?.[0]).toEqual({ SUB_NR: '179001' });
    },
    SCALE_TEST_TIMEOUT_MS,
  );
});
