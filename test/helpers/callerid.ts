// Caller-ID fixtures: source connections with indexed numbers, users with extensions and assignments, a phone system.
import { replaceUserPhones, setConnectionAssignees } from '../../src/adapters/db/repos/callerid-assignments.repo.js';
import { upsertPhoneEntries } from '../../src/adapters/db/repos/phone-index.repo.js';
import { ensurePortal } from '../../src/adapters/db/repos/users.repo.js';
import { signPbxPayload } from '../../src/adapters/pbx/signature.js';
import { phoneSourceFor } from '../../src/app/use-cases/callerid/index-sources.js';
import { createPbxIntegration } from '../../src/app/use-cases/callerid/pbx-integrations.js';
import { runPhoneIndex, toIndexEntries } from '../../src/app/use-cases/callerid/phone-index.js';
import { parseUserPhones } from '../../src/app/use-cases/callerid/user-phones.js';
import { DEFAULT_PORTAL_NAME } from '../../src/app/use-cases/users.js';
import { startPbxSim } from '../../src/sims/pbx/sim.js';
import { onDemandCalls } from '../../src/sims/pbx/testing.js';
import { injectAs } from './http.js';

import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { SecretBox } from '../../src/adapters/crypto/secret-box.js';
import type { Db } from '../../src/adapters/db/pool.js';
import type { Connection } from '../../src/adapters/db/repos/connections.repo.js';
import type { ConnectionRole } from '../../src/adapters/db/schema.js';
import type { AppDeps } from '../../src/app/deps.js';
import type { IndexRunOutcome } from '../../src/app/use-cases/callerid/phone-index.js';
import type { PhoneRecord } from '../../src/core/connector.js';
import type { RunningPbxSim } from '../../src/sims/pbx/sim.js';
import type { Session } from './http.js';

/** A live connection row (credentials are a placeholder: these tests never call the source). */
export async function insertSourceConnection(
  db: Db,
  input: { readonly system: string; readonly role: ConnectionRole },
): Promise<string> {
  const portalId = await ensurePortal(db, DEFAULT_PORTAL_NAME);
  const row = await db
    .insertInto('connections')
    .values({ portal_id: portalId, role: input.role, system: input.system, credentials_enc: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** The two sources caller-ID tests index, each with its records: AccountView as a caller-ID source, Simplicate as the CRM. */
export async function insertCallerIdSources(
  db: Db,
  records: { readonly accountView: readonly PhoneRecord[]; readonly crm: readonly PhoneRecord[] },
): Promise<{ accountView: string; crm: string }> {
  const accountView = await insertSourceConnection(db, { system: 'accountview', role: 'callerid_source' });
  const crm = await insertSourceConnection(db, { system: 'simplicate', role: 'crm' });
  await indexRecords(db, accountView, records.accountView);
  await indexRecords(db, crm, records.crm);
  return { accountView, crm };
}

/** A full index run over a connection through the phone source its system declares. */
export async function indexFully(deps: AppDeps, connection: Connection): Promise<IndexRunOutcome> {
  const source = await phoneSourceFor(connection, deps);
  if (!source.ok) throw new Error(source.error.message);
  return runPhoneIndex(deps, connection, source.value, { full: true });
}

/** A phone record as a connector would produce it. */
export function phoneRecord(partial: Partial<PhoneRecord> & Pick<PhoneRecord, 'recordId' | 'raw'>): PhoneRecord {
  const name = partial.name ?? `Relatie ${partial.recordId}`;
  return {
    source: 'accountview',
    recordKind: 'debtor',
    field: 'TEL_BUS',
    name,
    company: partial.personal === true ? `Relatie ${partial.recordId}` : name,
    companyId: partial.recordId,
    kvk: null,
    relationNumber: partial.recordId,
    personal: false,
    deepLink: `https://www.accountview.net/ams/Pages/Companies/ShowCompany.aspx?id=x#${partial.recordId}`,
    updatedAt: null,
    ...partial,
  };
}

/** A Simplicate organisation's phone, as the CRM caller-ID source indexes it, with a link to the organisation. */
export function crmOrganizationRecord(
  partial: Partial<PhoneRecord> & Pick<PhoneRecord, 'recordId' | 'raw' | 'name'>,
): PhoneRecord {
  return phoneRecord({
    source: 'simplicate',
    recordKind: 'organization',
    field: 'phone',
    deepLink: `https://kantoor.simplicate.nl/crm/organization/${partial.recordId}`,
    ...partial,
  });
}

export async function indexRecords(db: Db, connectionId: string, records: readonly PhoneRecord[]): Promise<void> {
  await upsertPhoneEntries(db, toIndexEntries(connectionId, records).entries, 0);
}

/** Gives a user extensions/numbers and assigns them to sources. */
export async function setUpCallerIdUser(
  db: Db,
  input: { readonly userId: string; readonly phones: readonly string[]; readonly connectionIds: readonly string[] },
): Promise<void> {
  const parsed = parseUserPhones(input.phones);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.error));
  await replaceUserPhones(db, input.userId, parsed.value);
  for (const connectionId of input.connectionIds) {
    const current = await db
      .selectFrom('callerid_assignments')
      .select('user_id')
      .where('connection_id', '=', connectionId)
      .execute();
    await setConnectionAssignees(db, {
      connectionId,
      userIds: [...new Set([...current.map((r) => r.user_id), input.userId])],
      by: input.userId,
    });
  }
}

export async function addPhoneSystem(
  db: Db,
  secretBox: SecretBox,
  name = 'Hosted PBX',
): Promise<{ id: string; token: string; webhookSecret: string }> {
  const portalId = await ensurePortal(db, DEFAULT_PORTAL_NAME);
  const { integration, credentials } = await createPbxIntegration({ db, secretBox }, { portalId, name });
  return { id: integration.id, ...credentials };
}

/** Adds a phone system over the API as `session`, as the settings page does; `host` is the address the page was opened on. */
export function postPhoneSystem(
  app: FastifyInstance,
  session: Session,
  name: string,
  host?: string,
): Promise<LightMyRequestResponse> {
  return injectAs(app, session, {
    method: 'POST',
    url: '/api/callerid/pbx-integrations',
    payload: { name },
    ...(host === undefined ? {} : { headers: { host } }),
  });
}

/** The pop-up every caller-ID test rings for: Bakkerij De Vries, 020-123 45 67, in AccountView. */
export const deVriesRecord = phoneRecord({
  recordId: '10042',
  raw: '020-123 45 67',
  name: 'Bakkerij De Vries',
  kvk: '12345678',
});

/** Jan de Vries's personal mobile at Bakkerij De Vries, as AccountView lists it under `recordId`. */
export function janDeVriesMobile(recordId: string, more: Partial<PhoneRecord> = {}): PhoneRecord {
  return phoneRecord({
    recordId,
    raw: '06 12345678',
    field: 'TEL_MOB',
    name: 'Jan de Vries',
    company: 'Bakkerij De Vries',
    personal: true,
    ...more,
  });
}

export type RingingSetUp = {
  /** The AccountView source connection holding the records. */
  readonly connectionId: string;
  readonly pbx: { id: string; token: string; webhookSecret: string };
};

/**
 * An AccountView source knowing De Vries (and `moreRecords`), the user on extension 201 getting its pop-ups, and a
 * phone system to ring with.
 */
export async function setUpRinging(
  db: Db,
  secretBox: SecretBox,
  userId: string,
  moreRecords: readonly PhoneRecord[] = [],
): Promise<RingingSetUp> {
  const connectionId = await insertSourceConnection(db, { system: 'accountview', role: 'callerid_source' });
  await indexRecords(db, connectionId, [deVriesRecord, ...moreRecords]);
  await setUpCallerIdUser(db, { userId, phones: ['201'], connectionIds: [connectionId] });
  return { connectionId, pbx: await addPhoneSystem(db, secretBox) };
}

/** The PBX simulator aimed at a crmhub with `pbx`'s credentials: extension 201, no generated calls, no waiting. */
export function startTestPbxSim(
  target: string,
  pbx: { readonly token: string; readonly webhookSecret: string },
  mode: 'json' | 'both' = 'both',
): Promise<RunningPbxSim> {
  return startPbxSim({
    target,
    mode,
    secret: pbx.webhookSecret,
    token: pbx.token,
    ...onDemandCalls,
    extensions: ['201'],
  });
}

/** Headers of a signed JSON call event (as the PBX simulator sends them). */
export function signedHeaders(
  secret: string,
  rawBody: string,
  timestamp = Math.floor(Date.now() / 1000),
): Record<string, string> {
  return {
    'content-type': 'application/json',
    'x-crmhub-timestamp': String(timestamp),
    'x-crmhub-signature': signPbxPayload(secret, timestamp, rawBody),
  };
}

/** A JSON call event body. */
export function callEvent(input: {
  readonly callId: string;
  readonly state?: 'ringing' | 'answered' | 'ended';
  readonly from: string;
  readonly extension?: string | null;
  readonly to?: string;
  readonly direction?: 'in' | 'out';
  readonly timestamp?: number;
}): string {
  return JSON.stringify({
    callId: input.callId,
    state: input.state ?? 'ringing',
    from: input.from,
    to: input.to ?? '+31 20 760 4000',
    extension: input.extension ?? null,
    direction: input.direction ?? 'in',
    timestamp: input.timestamp ?? Math.floor(Date.now() / 1000),
  });
}

/**
 * A Voys / VoIPGRID call notification body in the documented v2 shape, from `from` to the firm number; `extension` names
 * the ringing phone account, null for the `created` notification (no user yet).
 */
export function voysNotification(input: {
  readonly callId: string;
  readonly status: string;
  readonly from: string;
  readonly extension: string | null;
}): string {
  const firmNumber = '+31207604000';
  return JSON.stringify({
    call_id: input.callId,
    timestamp: new Date().toISOString().replace('Z', '000+00:00'),
    status: input.status,
    version: 'v2',
    direction: 'inbound',
    caller: { number: input.from, name: null, account_number: null, user_numbers: [], user_emails: [] },
    destination:
      input.extension === null
        ? { number: firmNumber }
        : { number: firmNumber, account_number: input.extension, user_numbers: [input.extension], user_emails: [] },
  });
}

/**
 * Links a CRM record to a new administration (in a new domain) with one pending change per field: the firm context a
 * pop-up shows for that record.
 */
export async function linkAdministrationWithPending(
  db: Db,
  input: {
    readonly connectionId: string;
    readonly crmExternalId: string;
    readonly pendingFields: readonly string[];
    readonly domainName?: string;
    readonly administrationName?: string;
  },
): Promise<{ domainId: string; administrationId: string }> {
  const portalId = await ensurePortal(db, DEFAULT_PORTAL_NAME);
  const suffix = `${input.crmExternalId}-${String(Date.now())}`;
  const domain = await db
    .insertInto('domains')
    .values({
      portal_id: portalId,
      external_id: `d-${suffix}`,
      name: input.domainName ?? `Domein ${input.crmExternalId}`,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const administration = await db
    .insertInto('administrations')
    .values({
      domain_id: domain.id,
      external_id: `a-${suffix}`,
      name: input.administrationName ?? `Administratie ${input.crmExternalId}`,
      profile: '{}',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('administration_links')
    .values({
      administration_id: administration.id,
      connection_id: input.connectionId,
      crm_external_id: input.crmExternalId,
      mode: 'manual',
      baseline: '{}',
    })
    .execute();
  for (const field of input.pendingFields) {
    await db
      .insertInto('sync_changes')
      .values({
        administration_id: administration.id,
        field,
        state: 'pending',
        new_value: 'x',
        source_external_id: input.crmExternalId,
        history: '[]',
      })
      .execute();
  }
  return { domainId: domain.id, administrationId: administration.id };
}
