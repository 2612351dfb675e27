/** "The review queue or link state of these domains changed": one NOTIFY at commit, read back as a {@link ReviewNotice}. */
import { sql } from 'kysely';

import type { Db } from '../pool.js';

export const REVIEW_CHANNEL = 'crmhub_review';

/** More domains than this are announced as "the whole portal" (NOTIFY payloads must stay under 8,000 bytes). */
export const MAX_NOTICE_DOMAINS = 100;

/** The portal whose queue changed and its domains (our ids); null: any domain of the portal. */
export type ReviewNotice = { readonly portalId: string; readonly domainIds: readonly string[] | null };

/**
 * Announces that the review queue or the links of these administrations changed. Call it once, last, in the
 * transaction that wrote the change: PostgreSQL sends it at commit and drops it on rollback.
 */
export async function announceReviewChange(trx: Db, administrationIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(administrationIds)];
  if (ids.length === 0) return;
  await sql`
    SELECT pg_notify(${REVIEW_CHANNEL}, json_build_object(
      'p', d.portal_id,
      'd', CASE WHEN count(DISTINCT a.domain_id) <= ${MAX_NOTICE_DOMAINS}
        THEN array_agg(DISTINCT a.domain_id) END
    )::text)
    FROM administrations a JOIN domains d ON d.id = a.domain_id
    WHERE a.id = ANY(${ids}::uuid[])
    GROUP BY d.portal_id`.execute(trx);
}

function isIdList(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** The notice in a payload of {@link REVIEW_CHANNEL}, or null for anything else. */
export function parseReviewNotice(payload: string): ReviewNotice | null {
  try {
    const value = JSON.parse(payload) as { p?: unknown; d?: unknown } | null;
    if (typeof value?.p !== 'string') return null;
    if (value.d === null) return { portalId: value.p, domainIds: null };
    return isIdList(value.d) ? { portalId: value.p, domainIds: value.d } : null;
  } catch {
    return null;
  }
}
