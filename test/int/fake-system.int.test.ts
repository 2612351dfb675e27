// A system is one folder and one registry line: a test-only fake CRM (test/fake-system/), registered like a built-in
// one, is connected as the portal's CRM, synced into a change, and indexed for caller ID by the app's own use-cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findUserById } from '../../src/adapters/db/repos/users.repo.js';
import { listManifests, registerSystem } from '../../src/adapters/registry.js';
import { lookupCaller } from '../../src/app/use-cases/callerid/lookup.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { connectCrm } from '../../src/app/use-cases/sync/crm-connection.js';
import { linkAdministration } from '../../src/app/use-cases/sync/links.js';
import { connectPortal, importPortal } from '../../src/app/use-cases/sync/portal-connection.js';
import { runCrmSync } from '../../src/app/use-cases/sync/run-sync.js';
import { startTestYukiSim } from '../../src/sims/yuki/testing.js';
import { openFakeOffice } from '../fake-system/backend.js';
import { fakeCrmSystem } from '../fake-system/index.js';
import { buildTestApp } from '../helpers/app.js';
import { indexFully } from '../helpers/callerid.js';
import { connectCrmRow, yukiSimPortalInput } from '../helpers/connections.js';
import { loginAs } from '../helpers/http.js';

import type { Connection } from '../../src/adapters/db/repos/connections.repo.js';
import type { User } from '../../src/adapters/db/repos/users.repo.js';
import type { ListeningTestSim } from '../../src/sims/yuki/testing.js';
import type { FakeOffice } from '../fake-system/backend.js';
import type { TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: User;
let yuki: ListeningTestSim;
let office: FakeOffice;
let crm: Connection;
let unregister: () => void;

beforeAll(async () => {
  unregister = registerSystem(fakeCrmSystem);
  t = await buildTestApp();
  const session = await loginAs(t.app, t.deps.db, 'portal_admin');
  const user = await findUserById(t.deps.db, session.userId);
  if (user === null) throw new Error('no admin');
  admin = user;
  yuki = await startTestYukiSim({ orgs: 2 });
  office = openFakeOffice('kantoor', [
    {
      id: 'F-1',
      name: 'Bakkerij de Fake B.V.',
      kvk: null,
      email: 'info@bakkerij-fake.nl',
      phone: '020 123 4567',
      contactName: 'Fenna Fake',
      contactMobile: '06 12345678',
    },
    {
      id: 'F-2',
      name: 'Fietsen Fake',
      kvk: null,
      email: null,
      phone: '010 765 4321',
      contactName: 'Frits Fake',
      contactMobile: null,
    },
    {
      id: 'F-3',
      name: 'Fake Zonder Nummer',
      kvk: null,
      email: null,
      phone: null,
      contactName: 'Fleur Fake',
      contactMobile: null,
    },
  ]);
});
afterAll(async () => {
  await t.close();
  await yuki.close();
  unregister();
});

describe('a fake system registered like a built-in one', () => {
  it('is listed among the CRMs and connects as the portal CRM after its own check', async () => {
    expect(listManifests().find((m) => m.id === 'fake_crm')?.role).toBe('crm_source');
    expect(
      await connectCrm(t.deps, admin, {
        system: 'fake_crm',
        baseUrl: office.baseUrl,
        apiKey: 'wrong',
        apiSecret: 'wrong',
      }),
    ).toMatchObject({ ok: false, error: { code: 'connection_failed' } });
    crm = await connectCrmRow(t.deps, admin, {
      system: 'fake_crm',
      baseUrl: office.baseUrl,
      apiKey: office.apiKey,
      apiSecret: office.apiSecret,
    });
    expect(crm).toMatchObject({ system: 'fake_crm', role: 'crm' });
  });

  it('is synced: a linked administration gets a change when the organisation is edited in the fake CRM', async () => {
    const full = await runCrmSync(t.deps, crm.id, { full: true });
    expect(full).toMatchObject({ ok: true, organizations: 3 });

    const portal = mustSucceed(await connectPortal(t.deps, admin, await yukiSimPortalInput(yuki.url)));
    mustSucceed(await importPortal(t.deps, portal));
    const administration = await t.deps.db.selectFrom('administrations').select('id').executeTakeFirstOrThrow();
    mustSucceed(await linkAdministration(t.deps, admin, administration.id, { crmExternalId: 'F-1', mode: 'manual' }));

    office.edit('F-1', { email: 'nieuw@bakkerij-fake.nl' });
    const incremental = await runCrmSync(t.deps, crm.id, { full: false });
    expect(incremental.ok).toBe(true);
    const open = await t.deps.db
      .selectFrom('sync_changes')
      .select(['field', 'new_value', 'state'])
      .where('administration_id', '=', administration.id)
      .where('field', '=', 'email')
      .where('state', '=', 'pending')
      .execute();
    expect(open).toEqual([{ field: 'email', new_value: 'nieuw@bakkerij-fake.nl', state: 'pending' }]);
  });

  it('feeds the caller-ID phone index through its phone-source role', async () => {
    expect(await indexFully(t.deps, crm)).toMatchObject({ status: 'done' });
    const rows = await t.deps.db
      .selectFrom('phone_index')
      .select(['source', 'record_id', 'e164', 'personal'])
      .where('connection_id', '=', crm.id)
      .orderBy('e164')
      .execute();
    expect(rows).toEqual([
      { source: 'fake_crm', record_id: 'F-2', e164: '+31107654321', personal: false },
      { source: 'fake_crm', record_id: 'F-1', e164: '+31201234567', personal: false },
      { source: 'fake_crm', record_id: 'F-1-contact', e164: '+31612345678', personal: true },
    ]);
    const view = await lookupCaller(t.deps.db, { portalId: crm.portalId, raw: '020-1234567', connectionIds: [crm.id] });
    expect(view.result).toBe('match');
    expect(view.companies.flatMap((c) => c.records.map((r) => r.recordId))).toContain('F-1');
  });
});
