import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { editPortal, patchCrm } from '../helpers/sync-ops.js';
import { eventually, startSyncWorld } from '../helpers/sync-world.js';

import type { SyncWorld } from '../helpers/sync-world.js';

type Administration = {
  id: string;
  name: string;
  link: { crmExternalId: string; mode: string } | null;
  suggestionCount: number;
};
type ReviewChange = {
  id: string;
  field: string;
  state: string;
  oldValue: string | null;
  newValue: string | null;
  portalValue: string | null;
  invalidReason: string | null;
};
type Review = {
  groups: { administrationId: string; changes: ReviewChange[] }[];
  alerts: { administrationId: string; sourceStatus: string }[];
};
type SimOrg = { id: string; name: string; coc_code?: string };

let world: SyncWorld;

/** A loopback URL nothing listens on. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 1}`;
}
const WEBHOOK_SECRET = 'whsec-test-0123456789';

beforeAll(async () => {
  world = await startSyncWorld({ orgs: 12, webhookSecret: WEBHOOK_SECRET });
  await world.simJson(world.crm.url, '/__sim/webhooks', {
    method: 'POST',
    body: { url: `${world.server.url}/api/webhooks/crm/${world.crmConnectionId}`, secret: WEBHOOK_SECRET },
  });
});
afterAll(async () => {
  await world.close();
});

async function administrations(): Promise<Administration[]> {
  return (await world.admin.request<{ administrations: Administration[] }>('GET', '/api/administrations')).body
    .administrations;
}

async function review(): Promise<Review> {
  return (await world.admin.request<Review>('GET', '/api/review')).body;
}

async function crmOrgs(): Promise<SimOrg[]> {
  return (await world.simJson<{ items: SimOrg[] }>(world.crm.url, '/__sim/organizations?limit=100')).items;
}

async function yukiAdministration(externalId: string): Promise<Record<string, unknown>> {
  return world.simJson<Record<string, unknown>>(world.yuki.url, `/__sim/administrations/${externalId}`);
}

async function externalIdOf(administrationId: string): Promise<string> {
  const row = await world.server.deps.db
    .selectFrom('administrations')
    .select('external_id')
    .where('id', '=', administrationId)
    .executeTakeFirstOrThrow();
  return row.external_id;
}

/** Links administration #index to the CRM organisation suggested for it (same KvK), after a dry run. */
async function linkSuggested(
  index: number,
  mode: 'automatic' | 'manual',
): Promise<{ administrationId: string; crmId: string }> {
  const list = await administrations();
  const administration = list.filter((candidate) => candidate.link === null)[index];
  if (administration === undefined) throw new Error('no unlinked administration left');
  const detail = await world.admin.request<{ suggestions: { externalId: string; reasons: string[] }[] }>(
    'GET',
    `/api/administrations/${administration.id}`,
  );
  const suggestion = detail.body.suggestions[0];
  if (suggestion === undefined) throw new Error(`no suggestion for ${administration.name}`);
  const linked = await world.admin.request('PUT', `/api/administrations/${administration.id}/link`, {
    crmExternalId: suggestion.externalId,
    mode,
  });
  expect(linked.status).toBe(200);
  // Settle what linking itself proposed, so each test starts from a synchronised administration.
  await settle(administration.id);
  return { administrationId: administration.id, crmId: suggestion.externalId };
}

/** Approves whatever is open for an administration and waits until nothing is left to apply. */
async function settle(administrationId: string): Promise<void> {
  await world.admin.request('POST', '/api/review/approve', { administrationId });
  await eventually(async () => {
    const open = await world.server.deps.db
      .selectFrom('sync_changes')
      .select('id')
      .where('administration_id', '=', administrationId)
      .where('state', 'in', ['approved'])
      .execute();
    return open.length === 0;
  });
}

async function openChange(administrationId: string, field: string): Promise<ReviewChange> {
  return eventually(async () =>
    (await review()).groups
      .find((group) => group.administrationId === administrationId)
      ?.changes.find((change) => change.field === field),
  );
}

describe('connections and import', () => {
  it('imported every Yuki administration and suggests the CRM organisation with the same KvK or VAT number', async () => {
    const list = await administrations();
    expect(list).toHaveLength(12);
    const first = list[0];
    const detail = await world.admin.request<{
      suggestions: { externalId: string; kvk: string; reasons: string[] }[];
      administration: { profile: Record<string, string> };
    }>('GET', `/api/administrations/${first?.id ?? ''}`);
    expect(detail.body.suggestions).toHaveLength(1);
    expect(detail.body.suggestions[0]?.reasons).toEqual(expect.arrayContaining(['kvk']));
    expect(detail.body.suggestions[0]?.kvk).toBe(detail.body.administration.profile['kvk']?.replace(/\D/g, ''));
  });

  it('counts in the list exactly the suggestions the page of each administration shows', async () => {
    const list = (await administrations()).filter((administration) => administration.link === null);
    const shown = await Promise.all(
      list.map(async (administration) => {
        const detail = await world.admin.request<{ suggestions: unknown[] }>(
          'GET',
          `/api/administrations/${administration.id}`,
        );
        return detail.body.suggestions.length;
      }),
    );
    expect(list.map((administration) => administration.suggestionCount)).toEqual(shown);
    expect(shown.filter((count) => count > 0).length).toBeGreaterThan(0);
  });

  it('refuses wrong CRM credentials with a precise reason, and saves nothing', async () => {
    const wrong = await world.admin.request<{ code: string; reason: string; errors: { field: string }[] }>(
      'PUT',
      '/api/connections/crm',
      {
        system: 'simplicate',
        baseUrl: world.crm.url,
        apiKey: world.crm.key,
        apiSecret: 'not-the-secret',
      },
    );
    expect(wrong.status).toBe(422);
    expect(wrong.body).toMatchObject({
      code: 'connection_failed',
      reason: 'auth_invalid',
      errors: [{ field: 'body.apiSecret' }],
    });
    const unreachable = await world.admin.request<{ reason: string }>('PUT', '/api/connections/crm', {
      system: 'simplicate',
      baseUrl: await closedPortUrl(),
      apiKey: 'k',
      apiSecret: 's',
    });
    expect(unreachable.body.reason).toBe('unreachable');
    const still = await world.admin.request<{ crm: { baseUrl: string; status: string } }>('GET', '/api/connections');
    expect(still.body.crm).toMatchObject({ baseUrl: world.crm.url, status: 'active' });
  });

  it('lists the CRMs without a public API as intake systems (push API or file import)', async () => {
    const systems = await world.admin.request<{ systems: { id: string; availability: string }[] }>(
      'GET',
      '/api/crm/systems',
    );
    expect(systems.body.systems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: 'simplicate', availability: 'available' }),
        expect.objectContaining({ id: 'radar', availability: 'intake' }),
        expect.objectContaining({ id: 'other_crm', availability: 'intake' }),
      ]),
    );
  });
});

describe('detect, hold, approve, apply', () => {
  it('a CRM edit arrives by signed webhook, waits in the queue, and is written to Yuki after approval', async () => {
    const { administrationId, crmId } = await linkSuggested(0, 'manual');
    await patchCrm(world, crmId, { name: 'Bakkerij Nieuwe Naam B.V.' });
    const change = await openChange(administrationId, 'companyName');
    expect(change).toMatchObject({ state: 'pending', newValue: 'Bakkerij Nieuwe Naam B.V.' });
    const externalId = await externalIdOf(administrationId);
    expect((await yukiAdministration(externalId))['name']).not.toBe('Bakkerij Nieuwe Naam B.V.');

    const approved = await world.admin.request('POST', `/api/review/changes/${change.id}/approve`, {
      reason: 'checked with the client',
    });
    expect(approved.status).toBe(200);
    await eventually(async () => (await yukiAdministration(externalId))['name'] === 'Bakkerij Nieuwe Naam B.V.');
    // Yuki has the value before our transaction commits, so wait for the record of it too.
    await eventually(async () => {
      const row = await world.server.deps.db
        .selectFrom('sync_changes')
        .select('state')
        .where('id', '=', change.id)
        .executeTakeFirstOrThrow();
      return row.state === 'applied';
    });
  });

  it('ignores formatting noise in the CRM', async () => {
    const { administrationId, crmId } = await linkSuggested(0, 'manual');
    const org = (await crmOrgs()).find((candidate) => candidate.id === crmId);
    await patchCrm(world, crmId, { name: `  ${org?.name ?? ''}  ` });
    await world.admin.request('POST', '/api/connections/crm/sync');
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect((await review()).groups.find((group) => group.administrationId === administrationId)).toBeUndefined();
  });

  it('holds an invalid KvK number with its reason; approving it unedited is refused, edit-then-approve applies', async () => {
    const { administrationId, crmId } = await linkSuggested(0, 'automatic');
    await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'none' });
    try {
      await patchCrm(world, crmId, { coc_code: '1234567' });
      const change = await openChange(administrationId, 'kvk');
      expect(change).toMatchObject({ state: 'pending', invalidReason: expect.any(String) as unknown });
      const refused = await world.admin.request<{ code: string }>(
        'POST',
        `/api/review/changes/${change.id}/approve`,
        {},
      );
      expect(refused.body.code).toBe('value_invalid');
      const edited = await world.admin.request('POST', `/api/review/changes/${change.id}/approve`, {
        value: '1234 5678',
      });
      expect(edited.status).toBe(200);
      const externalId = await externalIdOf(administrationId);
      await eventually(async () => (await yukiAdministration(externalId))['cocNumber'] === '12345678');
      // The person overrode the CRM's value: reading the CRM again does not propose it anew.
      await world.admin.request('POST', '/api/connections/crm/sync');
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const again = (await review()).groups.find((group) => group.administrationId === administrationId);
      expect(again?.changes.find((candidate) => candidate.field === 'kvk')).toBeUndefined();
    } finally {
      await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'all' });
    }
  });

  it('applies non-legal changes automatically under "Legal and VAT data only", but holds the company name', async () => {
    const { administrationId, crmId } = await linkSuggested(0, 'automatic');
    await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'legal_vat' });
    try {
      await patchCrm(world, crmId, { name: 'Automatisch Niet B.V.', email: 'nieuw@example.nl' });
      const externalId = await externalIdOf(administrationId);
      await eventually(async () => (await yukiAdministration(externalId))['emailAddress'] === 'nieuw@example.nl');
      expect(await openChange(administrationId, 'companyName')).toMatchObject({ state: 'pending' });
      expect((await yukiAdministration(externalId))['name']).not.toBe('Automatisch Niet B.V.');
    } finally {
      await world.admin.request('PUT', '/api/settings/approval-policy', { policy: 'all' });
    }
  });

  it('returns a change to the queue as a conflict when the portal value changed since detection (stale guard)', async () => {
    const { administrationId, crmId } = await linkSuggested(0, 'manual');
    await patchCrm(world, crmId, { email: 'crm@example.nl' });
    const change = await openChange(administrationId, 'email');
    const externalId = await externalIdOf(administrationId);
    await editPortal(world, externalId, { emailAddress: 'portal@example.nl' });
    await world.admin.request('POST', `/api/review/changes/${change.id}/approve`, {});
    const conflict = await eventually(async () => {
      const found = await openChange(administrationId, 'email');
      return found.state === 'conflict' ? found : null;
    });
    expect(conflict).toMatchObject({
      oldValue: change.oldValue,
      newValue: 'crm@example.nl',
      portalValue: 'portal@example.nl',
    });
    expect((await yukiAdministration(externalId))['emailAddress']).toBe('portal@example.nl');
  });

  it('does not propose a rejected value again, until the CRM value changes again', async () => {
    const { administrationId, crmId } = await linkSuggested(0, 'manual');
    await patchCrm(world, crmId, { phone: '010-1234567' });
    const change = await openChange(administrationId, 'phone');
    await world.admin.request('POST', `/api/review/changes/${change.id}/reject`, { reason: 'typo in CRM' });
    await world.admin.request('POST', '/api/connections/crm/sync');
    await patchCrm(world, crmId, { phone: '010 123 45 67' });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    expect(
      (await review()).groups
        .find((group) => group.administrationId === administrationId)
        ?.changes.find((c) => c.field === 'phone'),
    ).toBeUndefined();
    await patchCrm(world, crmId, { phone: '010-7654321' });
    // The simulator's webhook for this edit has the same body as the first one, so it counts once (issue 10): the
    // next incremental read finds the edit.
    await world.admin.request('POST', '/api/connections/crm/sync');
    expect(await openChange(administrationId, 'phone')).toMatchObject({ newValue: '+31107654321' });
  });
});

describe('one way, no creates, deletes shown to a person', () => {
  it('never writes a portal edit back to the CRM, and a new CRM organisation creates nothing in Yuki', async () => {
    const { crmId, administrationId } = await linkSuggested(0, 'automatic');
    const before = (await crmOrgs()).find((org) => org.id === crmId);
    const externalId = await externalIdOf(administrationId);
    await editPortal(world, externalId, { name: 'Alleen In Yuki B.V.' });
    const yukiCount = (await world.simJson<{ total: number }>(world.yuki.url, '/__sim/administrations')).total;
    await world.simJson(world.crm.url, '/__sim/organizations', {
      method: 'POST',
      body: { name: 'Gloednieuwe Klant B.V.', coc_code: '87654321' },
    });
    await world.admin.request('POST', '/api/connections/crm/sync');
    await eventually(async () => {
      const row = await world.server.deps.db
        .selectFrom('crm_organizations')
        .select('external_id')
        .where('name', '=', 'Gloednieuwe Klant B.V.')
        .executeTakeFirst();
      return row !== undefined;
    });
    expect((await crmOrgs()).find((org) => org.id === crmId)?.name).toBe(before?.name);
    expect((await world.simJson<{ total: number }>(world.yuki.url, '/__sim/administrations')).total).toBe(yukiCount);
  });

  it('shows a deleted CRM organisation to a person and changes nothing in the portal', async () => {
    const { crmId, administrationId } = await linkSuggested(0, 'automatic');
    const externalId = await externalIdOf(administrationId);
    const before = await yukiAdministration(externalId);
    await world.simJson(world.crm.url, `/__sim/organizations/${crmId}`, { method: 'DELETE' });
    const alert = await eventually(async () =>
      (await review()).alerts.find((candidate) => candidate.administrationId === administrationId),
    );
    expect(alert.sourceStatus).toBe('deleted');
    expect(await yukiAdministration(externalId)).toEqual(before);
  });
});

describe('audit and disconnect', () => {
  it('exports the audit trail as CSV and keeps it after the CRM is disconnected', async () => {
    const csv = await world.admin.request<string>('GET', '/api/audit/export.csv');
    expect(csv.status).toBe(200);
    const lines = csv.body.trim().split('\r\n');
    expect(lines[0]).toBe('at,action,actor,administration,field,old value,new value,reason,change id');
    expect(lines.some((line) => line.includes('change_applied'))).toBe(true);
    expect(lines.some((line) => line.includes('change_approved') && line.includes('admin@kantoor.nl'))).toBe(true);

    expect((await world.admin.request('DELETE', '/api/connections/crm')).status).toBe(204);
    const row = await world.server.deps.db
      .selectFrom('connections')
      .select(['status', 'credentials_enc'])
      .where('id', '=', world.crmConnectionId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'disconnected', credentials_enc: null });
    const after = await world.admin.request<{ entries: { action: string }[] }>('GET', '/api/audit?limit=1000');
    expect(after.body.entries.map((entry) => entry.action)).toEqual(
      expect.arrayContaining(['crm_disconnected', 'change_applied']),
    );
  });
});
