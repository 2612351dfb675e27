// The phone index fed by the sync's CRM (Simplicate) and portal (Yuki) connections, through their simulators.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { findConnection } from '../../src/adapters/db/repos/connections.repo.js';
import { ensurePortal, findUserById } from '../../src/adapters/db/repos/users.repo.js';
import { connectSimVismaConnect } from '../../src/app/cli/demo-visma-connect.js';
import { lookupCaller } from '../../src/app/use-cases/callerid/lookup.js';
import { chooseYukiContactDomains, yukiContactDomains } from '../../src/app/use-cases/callerid/yuki-contact-domains.js';
import { mustSucceed } from '../../src/app/use-cases/failure.js';
import { connectPortal, importPortal } from '../../src/app/use-cases/sync/portal-connection.js';
import { DEFAULT_PORTAL_NAME } from '../../src/app/use-cases/users.js';
import { startTestSimplicateSim } from '../../src/sims/simplicate/testing.js';
import { startTestYukiSim } from '../../src/sims/yuki/testing.js';
import { buildTestApp } from '../helpers/app.js';
import { indexFully } from '../helpers/callerid.js';
import { connectCrmRow, yukiSimPortalInput } from '../helpers/connections.js';
import { loginAs } from '../helpers/http.js';

import type { User } from '../../src/adapters/db/repos/users.repo.js';
import type { TestSimplicateSim } from '../../src/sims/simplicate/testing.js';
import type { ListeningTestSim } from '../../src/sims/yuki/testing.js';
import type { TestApp } from '../helpers/app.js';

let t: TestApp;
let admin: User;
let portalId: string;
let simplicate: TestSimplicateSim;
let yuki: ListeningTestSim;

beforeAll(async () => {
  t = await buildTestApp();
  const session = await loginAs(t.app, t.deps.db, 'portal_admin');
  const user = await findUserById(t.deps.db, session.userId);
  if (user === null) throw new Error('no admin');
  admin = user;
  portalId = await ensurePortal(t.deps.db, DEFAULT_PORTAL_NAME);
  simplicate = await startTestSimplicateSim({ orgs: 15 });
  yuki = await startTestYukiSim({ orgs: 3 });
});
afterAll(async () => {
  await t.close();
  await simplicate.close();
  await yuki.close();
});

async function indexed(connectionId: string) {
  return t.deps.db
    .selectFrom('phone_index')
    .select(['record_kind', 'record_id', 'field', 'e164', 'raw', 'personal', 'deep_link', 'company', 'source'])
    .where('connection_id', '=', connectionId)
    .execute();
}

describe('indexing the CRM and the portal', () => {
  it('indexes Simplicate organisations, persons and contact persons through the CRM connection', async () => {
    const connection = await connectCrmRow(t.deps, admin, {
      system: 'simplicate',
      baseUrl: simplicate.url,
      apiKey: simplicate.key,
      apiSecret: simplicate.secret,
    });
    expect(await indexFully(t.deps, connection)).toMatchObject({ status: 'done' });

    const rows = await indexed(connection.id);
    expect(new Set(rows.map((r) => r.record_kind))).toEqual(new Set(['organization', 'person', 'contact_person']));
    expect(rows.every((r) => r.source === 'simplicate' && /^\+\d{8,15}$/.test(r.e164))).toBe(true);
    const organization = rows.find((r) => r.record_kind === 'organization' && r.deep_link !== null);
    if (organization === undefined) throw new Error('no organisation with a phone');
    expect(organization.personal).toBe(false);
    expect(rows.filter((r) => r.record_kind === 'contact_person').every((r) => r.personal)).toBe(true);

    const view = await lookupCaller(t.deps.db, { portalId, raw: organization.raw, connectionIds: [connection.id] });
    expect(view.result).toBe('match');
    const record = view.companies.flatMap((c) => c.records).find((r) => r.recordId === organization.record_id);
    expect(record).toMatchObject({ source: 'simplicate', field: 'phone', deepLink: organization.deep_link });
  });

  it('indexes no Yuki number by default, and the contacts of the domains an administrator selects', async () => {
    mustSucceed(await connectPortal(t.deps, admin, await yukiSimPortalInput(yuki.url)));
    const connection = await findConnection(t.deps.db, (await connectSimVismaConnect(t.deps, admin, yuki.url)).id);
    if (connection === null) throw new Error('no portal connection');
    mustSucceed(await importPortal(t.deps, connection));
    expect(await indexFully(t.deps, connection)).toMatchObject({ status: 'done' });
    // No documented Yuki read returns an administration's phone (docs/external-systems/yuki.md#caller-id-numbers),
    // and a domain's contacts are indexed only once an administrator selects it.
    expect(await indexed(connection.id)).toEqual([]);

    const domains = (await yukiContactDomains(t.deps, portalId)).domains;
    expect(domains.every((d) => !d.selected && d.backgroundLimit === 50)).toBe(true);
    const chosen = domains[0]?.id ?? '';
    mustSucceed(await chooseYukiContactDomains(t.deps, portalId, { domainIds: [chosen] }));
    expect(await indexFully(t.deps, connection)).toMatchObject({ status: 'done' });
    const contacts = (await indexed(connection.id)).filter((r) => r.record_kind === 'contact');
    const inDomain = new Set(yuki.state().contactsOf(chosen)?.byId.keys());
    expect(contacts.length).toBeGreaterThan(0);
    expect(contacts.every((r) => inDomain.has(r.record_id))).toBe(true);
    const [first] = contacts;
    if (first === undefined) throw new Error('no Yuki number');
    const view = await lookupCaller(t.deps.db, { portalId, raw: first.raw, connectionIds: [connection.id] });
    expect(view.companies.flatMap((c) => c.records.map((r) => r.recordId))).toContain(first.record_id);
    const share = (await yukiContactDomains(t.deps, portalId)).domains.find((d) => d.id === chosen);
    expect(share?.backgroundUsed).toBeGreaterThan(0);
    const refused = await chooseYukiContactDomains(t.deps, portalId, { domainIds: ['not-a-domain'] });
    expect(refused).toMatchObject({ ok: false, error: { code: 'validation_failed' } });
  });
});
