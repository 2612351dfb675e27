/** The administrations list on the server: one filtered page with link, CRM name, open changes and suggestions. */
import { sql } from 'kysely';

import { reviewableChangeStates } from '../../../core/approval/approval.js';
import { idsToMatch, NO_ID } from './portal.repo.js';

import type { AdministrationShow } from '../../../contract/administrations.contract.js';
import type { Db } from '../pool.js';

export type AdministrationListScope = {
  readonly portalId: string;
  readonly domains: readonly string[] | null;
  /** The live CRM connection whose organisations are suggested; null: no suggestions. */
  readonly crmConnectionId: string | null;
  /** Part of the name, domain, linked CRM organisation, KvK or VAT number. */
  readonly q?: string | undefined;
  readonly show?: AdministrationShow | undefined;
  readonly ids?: readonly string[] | undefined;
};

export type AdministrationListRow = {
  readonly id: string;
  readonly name: string;
  readonly domainName: string;
  readonly crmExternalId: string | null;
  readonly mode: 'automatic' | 'manual' | null;
  readonly sourceStatus: 'ok' | 'deleted' | 'merged' | null;
  readonly crmName: string | null;
  readonly pendingCount: number;
  readonly suggestionCount: number;
};

/** `%text%` for ILIKE, with the user's own % and _ taken literally. */
const contains = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const reviewable = sql.join(reviewableChangeStates.map((state) => sql.lit(state)));

/** Live CRM organisations with the administration's canonical KvK or VAT number, counted once each. */
const suggestionCount = (connectionId: string) => sql<number>`(
  SELECT count(*)::int FROM (
    SELECT o.external_id FROM crm_organizations o
    WHERE o.connection_id = ${connectionId} AND NOT o.deleted AND o.kvk = a.kvk_key
    UNION
    SELECT o.external_id FROM crm_organizations o
    WHERE o.connection_id = ${connectionId} AND NOT o.deleted AND o.vat = a.vat_key
  ) AS m)`;

/**
 * The administrations in scope. Only what the filters need is joined; "with a suggestion" counts per administration
 * by two hash joins over all of them (not a probe per administration).
 */
function listQuery(db: Db, scope: AdministrationListScope) {
  const connection = scope.crmConnectionId ?? NO_ID;
  const q = scope.q?.trim() ?? '';
  const bySuggestion = scope.show === 'suggested' || scope.show === 'single_suggestion';
  const suggested = db
    .selectFrom((eb) =>
      eb
        .selectFrom('administrations as a')
        .innerJoin('crm_organizations as o', 'o.kvk', 'a.kvk_key')
        .select(['a.id', 'o.external_id'])
        .where('o.connection_id', '=', connection)
        .where('o.deleted', '=', false)
        .union(
          eb
            .selectFrom('administrations as a')
            .innerJoin('crm_organizations as o', 'o.vat', 'a.vat_key')
            .select(['a.id', 'o.external_id'])
            .where('o.connection_id', '=', connection)
            .where('o.deleted', '=', false),
        )
        .as('m'),
    )
    .select('m.id')
    .groupBy('m.id')
    .having(sql<number>`count(*)`, scope.show === 'single_suggestion' ? '=' : '>=', 1);
  return db
    .selectFrom('administrations as a')
    .innerJoin('domains as d', 'd.id', 'a.domain_id')
    .leftJoin('administration_links as l', 'l.administration_id', 'a.id')
    .leftJoin('crm_organizations as lo', (join) =>
      join.onRef('lo.connection_id', '=', 'l.connection_id').onRef('lo.external_id', '=', 'l.crm_external_id'),
    )
    .where('d.portal_id', '=', scope.portalId)
    .$if(scope.domains !== null, (w) => w.where('a.domain_id', 'in', idsToMatch(scope.domains ?? [])))
    .$if(scope.ids !== undefined, (w) => w.where('a.id', 'in', idsToMatch(scope.ids ?? [])))
    .$if(q !== '', (w) =>
      w.where((eb) =>
        eb.or(
          [
            sql.ref('a.name'),
            sql.ref('d.name'),
            sql.ref('lo.name'),
            sql`a.profile->>'kvk'`,
            sql`a.profile->>'vat'`,
          ].map((column) => eb(column, 'ilike', contains(q))),
        ),
      ),
    )
    .$if(scope.show === 'linked', (w) => w.where('l.administration_id', 'is not', null))
    .$if(scope.show === 'unlinked' || bySuggestion, (w) => w.where('l.administration_id', 'is', null))
    .$if(bySuggestion, (w) => w.where('a.id', 'in', suggested))
    .$if(scope.show === 'attention', (w) =>
      w.where((eb) =>
        eb.or([
          eb('l.source_status', '<>', 'ok'),
          sql<boolean>`EXISTS (SELECT 1 FROM sync_changes c WHERE c.administration_id = a.id AND c.state IN (${reviewable}))`,
        ]),
      ),
    );
}

export async function countAdministrationList(db: Db, scope: AdministrationListScope): Promise<number> {
  const row = await listQuery(db, scope)
    .select(sql<number>`count(*)::int`.as('count'))
    .executeTakeFirstOrThrow();
  return row.count;
}

/** One page, ordered by domain and name; the counts are read for the page's rows only. */
export async function administrationListPage(
  db: Db,
  scope: AdministrationListScope,
  page: { readonly offset: number; readonly limit: number },
): Promise<AdministrationListRow[]> {
  const rows = await listQuery(db, scope)
    .select([
      'a.id',
      'a.name',
      'd.name as domainName',
      'l.crm_external_id as crmExternalId',
      'l.mode',
      'l.source_status as sourceStatus',
      'lo.name as crmName',
    ])
    .orderBy('d.name')
    .orderBy('a.name')
    .orderBy('a.id')
    .offset(page.offset)
    .limit(page.limit)
    .execute();
  if (rows.length === 0) return [];
  const counts = await db
    .selectFrom('administrations as a')
    .select([
      'a.id',
      sql<number>`(SELECT count(*)::int FROM sync_changes c WHERE c.administration_id = a.id AND c.state IN (${reviewable}))`.as(
        'pendingCount',
      ),
      (scope.crmConnectionId === null ? sql<number>`0` : suggestionCount(scope.crmConnectionId)).as('suggestionCount'),
    ])
    .where(
      'a.id',
      'in',
      rows.map((row) => row.id),
    )
    .execute();
  const byId = new Map(counts.map((count) => [count.id, count]));
  return rows.map((row) => ({
    ...row,
    pendingCount: byId.get(row.id)?.pendingCount ?? 0,
    suggestionCount: byId.get(row.id)?.suggestionCount ?? 0,
  }));
}
