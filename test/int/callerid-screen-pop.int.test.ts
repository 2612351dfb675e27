// The screen-pop lookup (/pop page) for signed-in users, and the VoIPGRID dial-plan name lookup by phone-system token.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { redactAddresses } from '../../src/app/http/logger.js';
import { buildLoggingApp, buildTestApp } from '../helpers/app.js';
import {
  addPhoneSystem,
  crmOrganizationRecord,
  deVriesRecord,
  insertCallerIdSources,
  janDeVriesMobile,
  linkAdministrationWithPending,
  postPhoneSystem,
  setUpCallerIdUser,
} from '../helpers/callerid.js';
import { injectAs, loginAs } from '../helpers/http.js';

import type { FastifyInstance } from 'fastify';
import type { ScreenPopView } from '../../src/contract/callerid-calls.contract.js';
import type { TestApp } from '../helpers/app.js';
import type { Session } from '../helpers/http.js';

let t: TestApp;
let app: FastifyInstance;
let admin: Session;
let anna: Session; // assigned to AccountView only
let token: string;
let crm: string;
let logLines: string[];

beforeAll(async () => {
  t = await buildTestApp();
  ({ app, logLines } = await buildLoggingApp(t.deps));
  admin = await loginAs(app, t.deps.db, 'portal_admin');
  anna = await loginAs(app, t.deps.db, 'employee');
  const sources = await insertCallerIdSources(t.deps.db, {
    accountView: [deVriesRecord, janDeVriesMobile('10043')],
    crm: [crmOrganizationRecord({ recordId: 'org-9', raw: '030 7001234', name: 'Smit' })],
  });
  crm = sources.crm;
  await setUpCallerIdUser(t.deps.db, { userId: anna.userId, phones: ['201'], connectionIds: [sources.accountView] });
  ({ token } = await addPhoneSystem(t.deps.db, t.deps.secretBox));
});
afterAll(async () => {
  await app.close();
  await t.close();
});

const screenPop = (session: Session | null, number: string) =>
  injectAs(app, session, { url: `/api/callerid/screen-pop?number=${encodeURIComponent(number)}` });

describe('screen-pop lookup', () => {
  it("shows a signed-in user the number's matches in the pop-up's shape", async () => {
    const response = await screenPop(anna, '+31 20 123 4567');
    expect(response.statusCode).toBe(200);
    const view = response.json<ScreenPopView>();
    expect(view).toMatchObject({ result: 'match', ambiguous: false, number: { e164: '+31201234567' } });
    expect(view.companies[0]?.records[0]).toMatchObject({ name: 'Bakkerij De Vries', system: 'AccountView' });
  });

  it('only searches the sources assigned to the user; an administrator searches all', async () => {
    expect((await screenPop(anna, '0307001234')).json<ScreenPopView>()).toMatchObject({
      result: 'no_match',
      companies: [],
    });
    expect((await screenPop(admin, '0307001234')).json<ScreenPopView>().result).toBe('match');
  });

  it('shows the pending approvals of the matched client, only to users who may see its domain', async () => {
    const smit = await linkAdministrationWithPending(t.deps.db, {
      connectionId: crm,
      crmExternalId: 'org-9',
      pendingFields: ['email', 'phone'],
    });
    const [company] = (await screenPop(admin, '030 700 12 34')).json<ScreenPopView>().companies;
    expect(company?.administrations).toEqual([
      {
        administrationId: smit.administrationId,
        name: 'Administratie org-9',
        domain: 'Domein org-9',
        pendingApprovals: 2,
        pendingFields: ['email', 'phone'],
      },
    ]);
    // Dirk is assigned the CRM but not the domain: he sees the client, not its administration.
    const dirk = await loginAs(app, t.deps.db, 'employee');
    await setUpCallerIdUser(t.deps.db, { userId: dirk.userId, phones: ['205'], connectionIds: [crm] });
    const mine = (await screenPop(dirk, '0307001234')).json<ScreenPopView>();
    expect(mine.companies[0]?.administrations).toEqual([]);
    await t.deps.db.insertInto('user_domains').values({ user_id: dirk.userId, domain_id: smit.domainId }).execute();
    const given = (await screenPop(dirk, '0307001234')).json<ScreenPopView>();
    expect(given.companies[0]?.administrations.map((a) => a.pendingApprovals)).toEqual([2]);
  });

  it('requires a session and a number', async () => {
    const anonymous = await screenPop(null, '0201234567');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.headers['content-type']).toContain('application/problem+json');
    expect((await injectAs(app, anna, { url: '/api/callerid/screen-pop' })).statusCode).toBe(400);
  });

  it('tells the addresses to configure in Teams and CTI clients', async () => {
    const response = await injectAs(app, anna, {
      url: '/api/callerid/screen-pop/addresses',
      headers: { host: 'crm.example.nl' },
    });
    expect(response.json()).toEqual({
      teams: 'http://crm.example.nl/pop?number={phone}',
      template: 'http://crm.example.nl/pop?number={number}',
    });
  });
});

const nameLookup = (pathToken: string, query: string) =>
  app.inject({ url: `/api/callerid/pbx/${pathToken}/voipgrid/name${query}` });

describe('VoIPGRID dial-plan name lookup', () => {
  it("answers the caller's company and person as plain text, over every source", async () => {
    const person = await nameLookup(token, '?callerid=%2B31612345678&did=%2B31207604099&callername=');
    expect(person.statusCode).toBe(200);
    expect(person.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(person.body).toBe('Bakkerij De Vries - Jan de Vries');
    expect((await nameLookup(token, '?callerid=0201234567')).body).toBe('Bakkerij De Vries');
    expect((await nameLookup(token, '?callerid=0307001234')).body).toBe('Smit');
  });

  it('answers an empty body for no match, an anonymous caller or no caller id', async () => {
    for (const query of ['?callerid=0209999999', '?callerid=anonymous', '']) {
      const response = await nameLookup(token, query);
      expect(response.statusCode, query).toBe(200);
      expect(response.body, query).toBe('');
    }
  });

  it('refuses an unknown token with 401 problem+json', async () => {
    const response = await nameLookup('not-a-token', '?callerid=0201234567');
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toContain('application/problem+json');
    expect(response.json()).toMatchObject({ code: 'pbx_token_invalid' });
  });

  it('is shown with the phone system once, as a URL template with {callerid}', async () => {
    const created = await postPhoneSystem(app, admin, 'Voys', 'crm.example.nl');
    const { endpoints } = created.json<{ endpoints: { voipgridName: string } }>();
    expect(endpoints.voipgridName).toBe(
      'http://crm.example.nl/api/callerid/pbx/<token>/voipgrid/name?callerid={callerid}',
    );
  });

  it('never writes the token to the log', async () => {
    await nameLookup(token, '?callerid=0201234567');
    await nameLookup(`${token}x`, '?callerid=0201234567');
    await nameLookup(token, `?callerid=${'9'.repeat(200)}`);
    // A near miss (404) is logged by the not-found handler, through the same redaction.
    await app.inject({ url: `/api/callerid/pbx/${token}/voipgrid/names?callerid=0201234567` });
    expect(redactAddresses(`GET /api/callerid/pbx/${token}/voipgrid/name?callerid=1`)).toBe(
      'GET /api/callerid/pbx/[redacted]?callerid=1',
    );
    const log = logLines.join('');
    expect(log).toContain('/api/callerid/pbx/[redacted]');
    expect(log).not.toContain(token);
  });
});
