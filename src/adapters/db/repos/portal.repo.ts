/** Domains and administrations imported from the portal (Yuki), and who may see which domain. */
import { sql } from 'kysely';

import { camelColumns } from './camel-row.js';

import type { Db } from '../pool.js';
import type { UserRole } from '../schema.js';

export type AdministrationRow = {
  readonly id: string;
  readonly externalId: string;
  readonly name: string;
  readonly active: boolean;
  readonly domainId: string;
  readonly domainExternalId: string;
  readonly domainName: string;
  readonly profile: Readonly<Record<string, string | null>>;
};

/**
 * Which domains a user may see: every domain of the portal (null = no filter) for an administrator and for a user
 * given all domains, the assigned ones otherwise.
 */
export async function visibleDomainIds(db: Db, user: { id: string; role: UserRole }): Promise<string[] | null> {
  if (user.role === 'portal_admin') return null;
  const row = await db
    .selectFrom('users as u')
    .select([
      'u.all_domains',
      sql<string[]>`array(SELECT d.domain_id::text FROM user_domains d WHERE d.user_id = u.id)`.as('domain_ids'),
    ])
    .where('u.id', '=', user.id)
    .executeTakeFirst();
  if (row === undefined) return [];
  return row.all_domains ? null : row.domain_ids;
}

/** An id no row has. */
export const NO_ID = '00000000-0000-0000-0000-000000000000';

/**
 * The ids for an `in (…)` filter, e.g. of the domains a user sees: SQL has no empty `in ()`, so no id at all becomes
 * an id that matches nothing.
 */
export function idsToMatch(ids: readonly string[]): readonly string[] {
  return ids.length > 0 ? ids : [NO_ID];
}

/** Inserts or refreshes a domain by its portal id; returns our id. */
export async function upsertDomain(
  db: Db,
  input: { portalId: string; externalId: string; name: string; url: string | null; now: Date },
): Promise<string> {
  const row = await db
    .insertInto('domains')
    .values({ portal_id: input.portalId, external_id: input.externalId, name: input.name, url: input.url })
    .onConflict((oc) =>
      oc.columns(['portal_id', 'external_id']).doUpdateSet({ name: input.name, url: input.url, updated_at: input.now }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Inserts or refreshes an administration with its current portal profile; returns our id. */
export async function upsertAdministration(
  db: Db,
  input: {
    domainId: string;
    externalId: string;
    name: string;
    active: boolean;
    profile: Readonly<Record<string, string | null>>;
    now: Date;
  },
): Promise<string> {
  const profile = JSON.stringify(input.profile);
  const row = await db
    .insertInto('administrations')
    .values({
      domain_id: input.domainId,
      external_id: input.externalId,
      name: input.name,
      active: input.active,
      profile,
    })
    .onConflict((oc) =>
      oc.columns(['domain_id', 'external_id']).doUpdateSet({
        name: input.name,
        active: input.active,
        // Keys the read did not see (unknown, not empty) keep their stored value.
        profile: sql<string>`administrations.profile || excluded.profile`,
        updated_at: input.now,
      }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

function administrationQuery(db: Db, portalId: string) {
  return db
    .selectFrom('administrations as a')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .select([
      ...camelColumns(['id', 'external_id', 'name', 'active', 'domain_id'], 'a'),
      'd.external_id as domainExternalId',
      'd.name as domainName',
      sql<Record<string, string | null>>`a.profile`.as('profile'),
    ])
    .where('d.portal_id', '=', portalId);
}

/** The given administrations the user may see (in no particular order). */
export async function findAdministrations(
  db: Db,
  portalId: string,
  ids: readonly string[],
  domains: readonly string[] | null,
): Promise<AdministrationRow[]> {
  if (ids.length === 0) return [];
  let query = administrationQuery(db, portalId).where('a.id', '=', sql<string>`ANY(${sql.val(ids)}::uuid[])`);
  if (domains !== null) query = query.where('a.domain_id', 'in', idsToMatch(domains));
  return query.execute();
}

/** One administration if the user may see it. */
export async function findAdministration(
  db: Db,
  portalId: string,
  id: string,
  domains: readonly string[] | null,
): Promise<AdministrationRow | null> {
  let query = administrationQuery(db, portalId).where('a.id', '=', id);
  if (domains !== null) query = query.where('a.domain_id', 'in', idsToMatch(domains));
  return (await query.executeTakeFirst()) ?? null;
}

export async function listAdministrations(
  db: Db,
  portalId: string,
  domains: readonly string[] | null,
): Promise<AdministrationRow[]> {
  let query = administrationQuery(db, portalId);
  if (domains !== null) query = query.where('a.domain_id', 'in', idsToMatch(domains));
  return query.orderBy('d.name').orderBy('a.name').execute();
}

export async function listDomains(
  db: Db,
  portalId: string,
): Promise<{ id: string; externalId: string; name: string }[]> {
  return db
    .selectFrom('domains')
    .select(['id', 'external_id as externalId', 'name'])
    .where('portal_id', '=', portalId)
    .orderBy('name')
    .execute();
}

/** Keeps our copy of an administration's profile current after reading or writing it (keys not given keep their value). */
export async function upsertAdministrationProfile(
  db: Db,
  administrationId: string,
  profile: Readonly<Record<string, string | null>>,
  now: Date,
): Promise<void> {
  await upsertAdministrationProfiles(db, [{ administrationId, profile }], now);
}

/** {@link upsertAdministrationProfile} for many administrations in one statement. */
export async function upsertAdministrationProfiles(
  db: Db,
  profiles: readonly { administrationId: string; profile: Readonly<Record<string, string | null>> }[],
  now: Date,
): Promise<void> {
  if (profiles.length === 0) return;
  const rows = JSON.stringify(profiles.map((row) => ({ id: row.administrationId, profile: row.profile })));
  await sql`
    UPDATE administrations a SET profile = a.profile || v.profile, updated_at = ${now}
    FROM jsonb_to_recordset(${rows}::jsonb) AS v(id uuid, profile jsonb)
    WHERE a.id = v.id`.execute(db);
}

/** The portal of each given administration (for queueing apply runs, which are keyed by portal). */
export async function portalsOfAdministrations(
  db: Db,
  administrationIds: readonly string[],
): Promise<{ administrationId: string; portalId: string }[]> {
  if (administrationIds.length === 0) return [];
  return db
    .selectFrom('administrations as a')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .select(['a.id as administrationId', 'd.portal_id as portalId'])
    .where('a.id', 'in', administrationIds)
    .execute();
}
