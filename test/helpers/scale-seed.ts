// A firm at the product's scale, written straight into the database by SQL (seconds, not the hours of real syncs):
// 20,000 administrations, a CRM with KvK matches, 2,000 links and 10,000 waiting changes. Shared by the list-scale
// integration test, the browser tests of the review queue and administrations list, and the web list benchmarks.
import { sql } from 'kysely';

import type { Db } from '../../src/adapters/db/pool.js';

export const SCALE_ADMINISTRATIONS = 20_000;
export const SCALE_LINKED = 3_000;
export const SCALE_FIELDS = ['companyName', 'kvk', 'email', 'phone', 'visitingCity'] as const;

/**
 * For the portal of this user (by id, or by e-mail as a browser test set it up): 10 domains, 20,000 administrations with KvK numbers; a CRM with one organisation of the
 * same KvK for every third administration and two for the next one; of the first 3,000 those with a suggestion linked,
 * each with 5 waiting changes (every fifth administration's email change a clear).
 */
export async function seedFirmAtScale(
  db: Db,
  user: { readonly id: string } | { readonly email: string },
): Promise<void> {
  const users = db.selectFrom('users').select('portal_id');
  const { portal_id: portalId } = await (
    'id' in user ? users.where('id', '=', user.id) : users.where('email', '=', user.email)
  ).executeTakeFirstOrThrow();
  await sql`
    INSERT INTO domains (portal_id, external_id, name)
    SELECT ${portalId}, 'dom-' || d, 'Domein ' || lpad(d::text, 2, '0') FROM generate_series(1, 10) AS d`.execute(db);
  await sql`
    INSERT INTO administrations (domain_id, external_id, name, profile)
    SELECT dm.id, 'adm-' || i, 'Klant ' || lpad(i::text, 5, '0') || ' B.V.',
           jsonb_build_object('kvk', lpad(i::text, 8, '0'), 'name', 'Klant ' || i)
    FROM generate_series(1, ${SCALE_ADMINISTRATIONS}) AS i
    JOIN domains dm ON dm.portal_id = ${portalId} AND dm.external_id = 'dom-' || (1 + i % 10)`.execute(db);
  const crm = await db
    .insertInto('connections')
    .values({ portal_id: portalId, role: 'crm', system: 'simplicate' })
    .returning('id')
    .executeTakeFirstOrThrow();
  await sql`
    INSERT INTO crm_organizations (connection_id, external_id, name, kvk, field_values)
    SELECT ${crm.id}, 'org-' || i || '-' || n, 'Organisatie ' || i || ' ' || n, lpad(i::text, 8, '0'), '{}'::jsonb
    FROM generate_series(1, ${SCALE_ADMINISTRATIONS}) AS i, generate_series(1, 2) AS n
    WHERE (i % 3 = 0 AND n = 1) OR i % 3 = 1`.execute(db);
  await sql`
    INSERT INTO administration_links (administration_id, connection_id, crm_external_id, mode, baseline)
    SELECT a.id, ${crm.id}, 'org-' || substr(a.external_id, 5) || '-1', 'manual', '{}'::jsonb
    FROM administrations a WHERE substr(a.external_id, 5)::int <= ${SCALE_LINKED} AND substr(a.external_id, 5)::int % 3 <> 2`.execute(
    db,
  );
  await sql`
    INSERT INTO sync_changes (administration_id, field, state, old_value, new_value, source_external_id)
    SELECT l.administration_id, f.field, 'pending', 'oud', CASE WHEN f.field = 'email' AND substr(a.external_id, 5)::int % 5 = 0 THEN NULL ELSE 'nieuw' END, l.crm_external_id
    FROM administration_links l JOIN administrations a ON a.id = l.administration_id,
         unnest(${sql.val([...SCALE_FIELDS])}::text[]) AS f(field)`.execute(db);
  await sql`ANALYZE`.execute(db);
}
