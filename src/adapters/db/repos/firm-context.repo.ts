/** Firm context for a pop-up: the caller's linked administrations and their pending approvals (review queue). */
import { sql } from 'kysely';

import type { Db } from '../pool.js';

export type LinkedAdministration = {
  readonly administrationId: string;
  readonly administrationName: string;
  readonly domainId: string;
  readonly domainName: string;
  /** `<connection id>:<CRM organisation id>` of the link. */
  readonly sourceKey: string;
  /** The linked CRM organisation's KvK number as the sync stored it. */
  readonly kvk: string | null;
  readonly pendingCount: number;
  readonly pendingFields: readonly string[];
};

/**
 * Administrations linked to any of the given CRM records (`<connection id>:<external id>`) or to a CRM organisation
 * with one of the given KvK numbers, each with its pending changes. One query.
 */
export async function findLinkedAdministrations(
  db: Db,
  input: { readonly sourceKeys: readonly string[]; readonly kvks: readonly string[] },
): Promise<LinkedAdministration[]> {
  if (input.sourceKeys.length === 0 && input.kvks.length === 0) return [];
  const result = await sql<{
    administration_id: string;
    administration_name: string;
    domain_id: string;
    domain_name: string;
    source_key: string;
    kvk: string | null;
    pending_count: number;
    pending_fields: string[] | null;
  }>`
    SELECT al.administration_id, a.name AS administration_name, d.id AS domain_id, d.name AS domain_name,
           al.connection_id::text || ':' || al.crm_external_id AS source_key, co.kvk,
           count(sc.id)::int AS pending_count,
           array_agg(DISTINCT sc.field ORDER BY sc.field) FILTER (WHERE sc.id IS NOT NULL) AS pending_fields
    FROM administration_links al
    JOIN administrations a ON a.id = al.administration_id
    JOIN domains d ON d.id = a.domain_id
    LEFT JOIN crm_organizations co ON co.connection_id = al.connection_id AND co.external_id = al.crm_external_id
    LEFT JOIN sync_changes sc ON sc.administration_id = al.administration_id AND sc.state = 'pending'
    WHERE (al.connection_id::text || ':' || al.crm_external_id) = ANY(${input.sourceKeys}::text[])
       OR co.kvk = ANY(${input.kvks}::text[])
    GROUP BY al.administration_id, a.name, d.id, d.name, al.connection_id, al.crm_external_id, co.kvk
    ORDER BY a.name
  `.execute(db);
  return result.rows.map((r) => ({
    administrationId: r.administration_id,
    administrationName: r.administration_name,
    domainId: r.domain_id,
    domainName: r.domain_name,
    sourceKey: r.source_key,
    kvk: r.kvk,
    pendingCount: r.pending_count,
    pendingFields: r.pending_fields ?? [],
  }));
}
