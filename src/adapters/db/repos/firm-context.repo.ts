/** Firm context of matched records outside a call: the administrations linked to them and their pending approvals. */
import { linkedJsonSql } from './call-ingest.repo.js';

import type { LinkedAdministration } from './call-ingest.repo.js';
import type { Prepared } from './prepared.js';

const firmContext = `
  WITH keys AS (
    SELECT * FROM unnest($1::uuid[], $2::text[]) AS k(connection_id, external_id)
  ), linked AS (
    SELECT al.administration_id, al.connection_id, al.crm_external_id
    FROM administration_links al JOIN keys k ON al.connection_id = k.connection_id AND al.crm_external_id = k.external_id
    UNION
    SELECT al.administration_id, al.connection_id, al.crm_external_id
    FROM crm_organizations co
    JOIN administration_links al ON al.connection_id = co.connection_id AND al.crm_external_id = co.external_id
    WHERE co.connection_id = ANY($3::uuid[]) AND co.kvk = ANY($4::text[])
  ), viewer AS (
    SELECT role = 'portal_admin' OR all_domains AS all_domains FROM users WHERE id = $5::uuid
  )
  SELECT ${linkedJsonSql(`(SELECT all_domains FROM viewer)
    OR d.id IN (SELECT domain_id FROM user_domains WHERE user_id = $5::uuid)`)}::text AS linked`;

/**
 * The administrations linked to the given records (`connectionId` + the company's or record's id), or to a CRM
 * organisation with one of `kvks` in `connectionIds`, that the user may see (administrators and users given all
 * domains: all), each with its pending approvals.
 */
export async function readFirmContext(
  run: Prepared,
  input: {
    readonly records: readonly { readonly connectionId: string; readonly externalId: string }[];
    readonly kvks: readonly string[];
    readonly connectionIds: readonly string[];
    readonly userId: string;
  },
): Promise<LinkedAdministration[]> {
  if (input.records.length === 0 && input.kvks.length === 0) return [];
  const [row] = await run<{ linked: string }>({
    name: 'callerid-firm-context',
    text: firmContext,
    values: [
      input.records.map((r) => r.connectionId),
      input.records.map((r) => r.externalId),
      input.connectionIds,
      input.kvks,
      input.userId,
    ],
  });
  return row === undefined ? [] : (JSON.parse(row.linked) as LinkedAdministration[]);
}
