/** The CRM's organisations as last read: upserted in batches during import, for suggestions and detection. */
import { sql } from 'kysely';

import { camelColumns } from './camel-row.js';

import type { Db } from '../pool.js';

export type CrmOrganization = {
  readonly externalId: string;
  readonly name: string | null;
  /** Normalised when valid (for matching), else as typed. */
  readonly kvk: string | null;
  readonly vat: string | null;
  /** Every sync field's value as typed in the CRM. */
  readonly fieldValues: Readonly<Record<string, string | null>>;
  readonly sourceUpdatedAt: string | null;
  readonly deepLink: string | null;
  readonly deleted: boolean;
};

/** Inserts or refreshes a batch in one statement, marking each as seen now (the reconcile sweep relies on it). */
export async function upsertCrmOrganizations(
  db: Db,
  connectionId: string,
  organizations: readonly Omit<CrmOrganization, 'deleted'>[],
  seenAt: Date,
): Promise<void> {
  if (organizations.length === 0) return;
  await db
    .insertInto('crm_organizations')
    .values(
      organizations.map((org) => ({
        connection_id: connectionId,
        external_id: org.externalId,
        name: org.name,
        kvk: org.kvk,
        vat: org.vat,
        field_values: JSON.stringify(org.fieldValues),
        source_updated_at: org.sourceUpdatedAt,
        deep_link: org.deepLink,
        deleted: false,
        seen_at: seenAt,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['connection_id', 'external_id']).doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        kvk: eb.ref('excluded.kvk'),
        vat: eb.ref('excluded.vat'),
        field_values: eb.ref('excluded.field_values'),
        source_updated_at: eb.ref('excluded.source_updated_at'),
        deep_link: eb.ref('excluded.deep_link'),
        deleted: false,
        seen_at: eb.ref('excluded.seen_at'),
      })),
    )
    .execute();
}

/** Marks organisations of the connection deleted; the callers narrow which. */
function markDeleted(db: Db, connectionId: string) {
  return db.updateTable('crm_organizations').set({ deleted: true }).where('connection_id', '=', connectionId);
}

/** Marks one organisation deleted at the source (it stays for history; links to it are flagged for a person). */
export async function markCrmOrganizationDeleted(db: Db, connectionId: string, externalId: string): Promise<void> {
  await markDeleted(db, connectionId).where('external_id', '=', externalId).execute();
}

/** After a full scan: everything not seen since it started is gone at the source. Returns the ids newly deleted. */
export async function sweepUnseenCrmOrganizations(
  db: Db,
  connectionId: string,
  scanStartedAt: Date,
): Promise<string[]> {
  const rows = await markDeleted(db, connectionId)
    .where('deleted', '=', false)
    .where('seen_at', '<', scanStartedAt)
    .returning('external_id')
    .execute();
  return rows.map((row) => row.external_id);
}

const columns = [
  ...camelColumns(['external_id', 'name', 'kvk', 'vat']),
  sql<Record<string, string | null>>`field_values`.as('fieldValues'),
  ...camelColumns(['source_updated_at', 'deep_link', 'deleted']),
];

/** The connection's organisations, deleted ones too; the callers narrow which. */
function organizationsOf(db: Db, connectionId: string) {
  return db.selectFrom('crm_organizations').select(columns).where('connection_id', '=', connectionId);
}

export async function findCrmOrganizations(
  db: Db,
  connectionId: string,
  externalIds: readonly string[],
): Promise<CrmOrganization[]> {
  if (externalIds.length === 0) return [];
  return organizationsOf(db, connectionId).where('external_id', 'in', externalIds).execute();
}

/** Live organisations with this normalised KvK or VAT number (suggestion candidates). */
export async function findCrmOrganizationsByIdentifiers(
  db: Db,
  connectionId: string,
  ids: { kvk: string | null; vat: string | null },
): Promise<CrmOrganization[]> {
  const listOf = (value: string | null): string[] => (value === null ? [] : [value]);
  return findCrmOrganizationsByAnyIdentifier(db, connectionId, { kvks: listOf(ids.kvk), vats: listOf(ids.vat) }, 50);
}

/** Live organisations whose KvK or VAT number is one of the given ones: the candidates of many administrations at once. */
export async function findCrmOrganizationsByAnyIdentifier(
  db: Db,
  connectionId: string,
  ids: { readonly kvks: readonly string[]; readonly vats: readonly string[] },
  limit?: number,
): Promise<CrmOrganization[]> {
  if (ids.kvks.length === 0 && ids.vats.length === 0) return [];
  const query = organizationsOf(db, connectionId)
    .where('deleted', '=', false)
    .where((eb) =>
      eb.or([
        ...(ids.kvks.length === 0 ? [] : [eb('kvk', 'in', [...ids.kvks])]),
        ...(ids.vats.length === 0 ? [] : [eb('vat', 'in', [...ids.vats])]),
      ]),
    );
  return (limit === undefined ? query : query.limit(limit)).execute();
}

/** Live organisations whose name contains every word (case-insensitive), for "search by name". */
export async function searchCrmOrganizationsByName(
  db: Db,
  connectionId: string,
  words: readonly string[],
  limit: number,
): Promise<CrmOrganization[]> {
  let query = organizationsOf(db, connectionId).where('deleted', '=', false);
  for (const word of words) query = query.where('name', 'ilike', `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  return query.orderBy('name').limit(limit).execute();
}
