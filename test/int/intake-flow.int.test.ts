// A pushed record is a CRM record like Simplicate's: it links, its changes wait in the review queue, its numbers
// reach the caller-ID phone index (at once, once indexed), and deactivating it flags the link without emptying Yuki.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findConnection } from '../../src/adapters/db/repos/connections.repo.js';
import { findUserById } from '../../src/adapters/db/repos/users.repo.js';
import { lookupCaller } from '../../src/app/use-cases/callerid/lookup.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { linkAdministration, suggestionsFor } from '../../src/app/use-cases/sync/links.js';
import { connectPortal, importPortal } from '../../src/app/use-cases/sync/portal-connection.js';
import { runCrmSync } from '../../src/app/use-cases/sync/run-sync.js';
import { startTestYukiSim } from '../../src/sims/yuki/testing.js';
import { buildTestApp } from '../helpers/app.js';
import { indexFully } from '../helpers/callerid.js';
import { yukiSimPortalInput } from '../helpers/connections.js';
import { loginAs } from '../helpers/http.js';
import { addIntakeSource, push } from '../helpers/intake.js';

import type { Connection } from '../../src/adapters/db/repos/connections.repo.js';
import type { AdministrationRow } from '../../src/adapters/db/repos/portal.repo.js';
import type { User } from '../../src/adapters/db/repos/users.repo.js';
import type { IntakeBatchResultView, IntakeCredentialsView } from '../../src/contract/intake.contract.js';
import type { ListeningTestSim } from '../../src/sims/yuki/testing.js';
import type { TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: User;
let yuki: ListeningTestSim;
let source: IntakeCredentialsView;
let crm: Connection;
let administrationId: string;

const record = {
  externalId: '1010',
  name: 'Bakkerij De Korenschoof B.V.',
  kvk: '12345678',
  email: 'info@korenschoof.nl',
  phone: '020 123 4567',
  contactPerson: { externalId: '1010-01', initials: 'J.', lastName: 'Jansen', phone: '06 12345678' },
};

async function pushed(records: unknown[]): Promise<IntakeBatchResultView> {
  const response = await push(t.app, source, { records });
  expect(response.statusCode).toBe(200);
  return response.json<IntakeBatchResultView>();
}

async function indexedNumbers(): Promise<string[]> {
  const rows = await t.deps.db
    .selectFrom('phone_index')
    .select(['e164', 'source'])
    .where('connection_id', '=', crm.id)
    .orderBy('e164')
    .execute();
  return rows.map((row) => `${row.source}:${row.e164}`);
}

beforeAll(async () => {
  t = await buildTestApp();
  const session = await loginAs(t.app, t.deps.db, 'portal_admin');
  admin = (await findUserById(t.deps.db, session.userId)) ?? (await Promise.reject(new Error('no admin')));
  yuki = await startTestYukiSim({ orgs: 2 });
  const portal = mustSucceed(await connectPortal(t.deps, admin, await yukiSimPortalInput(yuki.url)));
  mustSucceed(await importPortal(t.deps, portal));
  source = await addIntakeSource(t.app, session, { name: 'Radar', system: 'radar' });
  crm = (await findConnection(t.deps.db, source.id)) ?? (await Promise.reject(new Error('no connection')));
  const administration = await t.deps.db.selectFrom('administrations').select('id').executeTakeFirstOrThrow();
  administrationId = administration.id;
});
afterAll(async () => {
  await t.close();
  await yuki.close();
});

describe('an intake source as the portal CRM', () => {
  it('is the CRM connection, never polled, and its pushed record can be suggested and linked', async () => {
    expect(crm).toMatchObject({ role: 'crm', system: 'radar', nextRunAt: null });
    expect((await pushed([record])).counts.changed).toBe(1);
    expect(await runCrmSync(t.deps, crm.id, { full: true })).toEqual({ ok: false, skipped: 'not_pulled' });
    const row = { id: administrationId, profile: { kvk: '12345678' } } as unknown as AdministrationRow;
    expect((await suggestionsFor(t.deps, admin, row)).map((s) => s.candidate.externalId)).toEqual(['1010']);
    mustSucceed(await linkAdministration(t.deps, admin, administrationId, { crmExternalId: '1010', mode: 'manual' }));
  });

  it('puts a pushed change in the review queue, as a pulled CRM change would be', async () => {
    const answer = await pushed([{ ...record, email: 'nieuw@korenschoof.nl' }]);
    expect(answer.records[0]).toMatchObject({ status: 'changed', fields: [{ field: 'email' }] });
    const open = await t.deps.db
      .selectFrom('sync_changes')
      .select(['field', 'new_value', 'state', 'source_external_id'])
      .where('administration_id', '=', administrationId)
      .where('field', '=', 'email')
      .execute();
    expect(open).toEqual([
      { field: 'email', new_value: 'nieuw@korenschoof.nl', state: 'pending', source_external_id: '1010' },
    ]);
    const audit = await t.deps.db
      .selectFrom('audit_log')
      .select('action')
      .where('administration_id', '=', administrationId)
      .where('field', '=', 'email')
      .execute();
    expect(audit.map((a) => a.action)).toContain('change_detected');
  });

  it('feeds the phone index through the registry phone source, then keeps it current with each push', async () => {
    expect(await indexFully(t.deps, crm)).toMatchObject({ status: 'done', records: 2 });
    expect(await indexedNumbers()).toEqual(['radar:+31201234567', 'radar:+31612345678']);
    await pushed([{ ...record, email: 'nieuw@korenschoof.nl', phone: '030 765 4321' }]);
    expect(await indexedNumbers()).toEqual(['radar:+31307654321', 'radar:+31612345678']);
    const view = await lookupCaller(t.deps.db, { portalId: crm.portalId, raw: '0307654321', connectionIds: [crm.id] });
    expect(view.result).toBe('match');
    expect(view.companies.flatMap((c) => c.records.map((r) => r.recordId))).toContain('1010');
  });

  it('flags the link when the record is deactivated, removes its numbers, and revives it', async () => {
    await pushed([{ ...record, active: false }]);
    const link = t.deps.db
      .selectFrom('administration_links')
      .select('source_status')
      .where('administration_id', '=', administrationId);
    expect(await link.executeTakeFirst()).toEqual({ source_status: 'deleted' });
    expect(await indexedNumbers()).toEqual([]);
    await pushed([{ ...record, active: true }]);
    expect(await link.executeTakeFirst()).toEqual({ source_status: 'ok' });
  });
});
