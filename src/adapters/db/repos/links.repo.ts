/** Administration ↔ CRM organisation links, each with the values last synchronised (its baseline). */
import { sql } from 'kysely';

import { camelColumns } from './camel-row.js';
import { idsToMatch } from './portal.repo.js';

import type { Db } from '../pool.js';

export type Link = {
  readonly administrationId: string;
  readonly connectionId: string;
  readonly crmExternalId: string;
  readonly mode: 'automatic' | 'manual';
  readonly baseline: Readonly<Record<string, string | null>>;
  /** Fields the CRM held a value for at its last read since the link; empty right after linking. */
  readonly crmHeld: readonly string[];
  readonly sourceStatus: 'ok' | 'deleted' | 'merged';
  readonly linkedAt: Date;
};

const linkColumns = [
  ...camelColumns(['administration_id', 'connection_id', 'crm_external_id', 'mode']),
  sql<Record<string, string | null>>`baseline`.as('baseline'),
  sql<string[]>`crm_held`.as('crmHeld'),
  ...camelColumns(['source_status', 'linked_at']),
];

/** Every link; the callers narrow which. */
function selectLinks(db: Db) {
  return db.selectFrom('administration_links').select(linkColumns);
}

/** Reads and row-locks a link for the rest of the transaction: detection and apply of one administration serialise here. */
export async function lockLink(db: Db, administrationId: string): Promise<Link | null> {
  return selectLink(db, administrationId, true);
}

export async function findLink(db: Db, administrationId: string): Promise<Link | null> {
  return selectLink(db, administrationId, false);
}

async function selectLink(db: Db, administrationId: string, forUpdate: boolean): Promise<Link | null> {
  return (
    (await selectLinks(db)
      .where('administration_id', '=', administrationId)
      .$if(forUpdate, (query) => query.forUpdate())
      .executeTakeFirst()) ?? null
  );
}

/** Links of a connection to the given CRM organisations (several administrations may share one organisation). */
export async function linksToOrganizations(
  db: Db,
  connectionId: string,
  crmExternalIds: readonly string[],
): Promise<Link[]> {
  if (crmExternalIds.length === 0) return [];
  return selectLinks(db)
    .where('connection_id', '=', connectionId)
    .where('crm_external_id', 'in', crmExternalIds)
    .execute();
}

export async function linksOfConnection(db: Db, connectionId: string): Promise<Link[]> {
  return selectLinks(db).where('connection_id', '=', connectionId).execute();
}

export type NewLink = Pick<Link, 'administrationId' | 'connectionId' | 'crmExternalId' | 'mode' | 'baseline'> & {
  readonly linkedBy: string;
  readonly now: Date;
};

/** Inserts links in one statement; an administration linked meanwhile keeps its link. Returns the ones inserted. */
export async function insertLinks(db: Db, links: readonly NewLink[]): Promise<string[]> {
  if (links.length === 0) return [];
  const rows = await db
    .insertInto('administration_links')
    .values(
      links.map((link) => ({
        administration_id: link.administrationId,
        connection_id: link.connectionId,
        crm_external_id: link.crmExternalId,
        mode: link.mode,
        baseline: JSON.stringify(link.baseline),
        linked_by: link.linkedBy,
        linked_at: link.now,
      })),
    )
    .onConflict((oc) => oc.column('administration_id').doNothing())
    .returning('administration_id')
    .execute();
  return rows.map((row) => row.administration_id);
}

/** Of the given administrations, those linked already. */
export async function linkedAmong(db: Db, administrationIds: readonly string[]): Promise<Set<string>> {
  if (administrationIds.length === 0) return new Set();
  const rows = await db
    .selectFrom('administration_links')
    .select('administration_id')
    .where('administration_id', '=', sql<string>`ANY(${sql.val(administrationIds)}::uuid[])`)
    .execute();
  return new Set(rows.map((row) => row.administration_id));
}

export async function setLinkMode(db: Db, administrationId: string, mode: 'automatic' | 'manual'): Promise<void> {
  await db
    .updateTable('administration_links')
    .set({ mode })
    .where('administration_id', '=', administrationId)
    .execute();
}

/** Records that fields now hold these values in the portal (after an apply, or found so at a re-read). */
export async function updateBaseline(
  db: Db,
  administrationId: string,
  values: Readonly<Record<string, string | null>>,
): Promise<void> {
  await db
    .updateTable('administration_links')
    .set({ baseline: sql`baseline || ${JSON.stringify(values)}::jsonb` })
    .where('administration_id', '=', administrationId)
    .execute();
}

/** Remembers which fields the CRM holds a value for now (so a later empty value is known to be a clear). */
export async function setCrmHeld(
  db: Db,
  links: readonly { readonly administrationId: string; readonly fields: readonly string[] }[],
): Promise<void> {
  if (links.length === 0) return;
  const rows = JSON.stringify(links.map((link) => ({ id: link.administrationId, held: link.fields })));
  await sql`
    UPDATE administration_links l SET crm_held = v.held
    FROM jsonb_to_recordset(${rows}::jsonb) AS v(id uuid, held jsonb)
    WHERE l.administration_id = v.id`.execute(db);
}

export async function setSourceStatus(
  db: Db,
  administrationId: string,
  status: 'ok' | 'deleted' | 'merged',
): Promise<void> {
  await db
    .updateTable('administration_links')
    .set({ source_status: status })
    .where('administration_id', '=', administrationId)
    .execute();
}

/** Removes the link; open changes of the administration are superseded by the caller in the same transaction. */
export async function deleteLink(db: Db, administrationId: string): Promise<Link | null> {
  return (
    (await db
      .deleteFrom('administration_links')
      .where('administration_id', '=', administrationId)
      .returning(linkColumns)
      .executeTakeFirst()) ?? null
  );
}

/** Row-locks many links at once, in id order so two transactions never wait on each other crosswise. */
export async function lockLinks(db: Db, administrationIds: readonly string[]): Promise<Link[]> {
  if (administrationIds.length === 0) return [];
  return selectLinks(db)
    .where('administration_id', 'in', administrationIds)
    .orderBy('administration_id')
    .forUpdate()
    .execute();
}

export type LinkSummary = Pick<Link, 'administrationId' | 'crmExternalId' | 'mode' | 'sourceStatus'>;

export type SourceAlert = {
  readonly administrationId: string;
  readonly administrationName: string;
  readonly sourceStatus: 'ok' | 'deleted' | 'merged';
  readonly crmExternalId: string;
  readonly crmName: string | null;
};

/** Links whose CRM organisation disappeared (deleted or merged), in the portal and the given domains (null = all). */
export async function sourceAlerts(
  db: Db,
  portalId: string,
  domains: readonly string[] | null,
): Promise<SourceAlert[]> {
  let query = db
    .selectFrom('administration_links as l')
    .innerJoin('administrations as a', 'a.id', 'l.administration_id')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .leftJoin('crm_organizations as o', (join) =>
      join.onRef('o.connection_id', '=', 'l.connection_id').onRef('o.external_id', '=', 'l.crm_external_id'),
    )
    .select([
      'l.administration_id as administrationId',
      'a.name as administrationName',
      'l.source_status as sourceStatus',
      'l.crm_external_id as crmExternalId',
      'o.name as crmName',
    ])
    .where('d.portal_id', '=', portalId)
    .where('l.source_status', '<>', 'ok');
  if (domains !== null) query = query.where('a.domain_id', 'in', idsToMatch(domains));
  return query.execute();
}
