/** The domains whose contacts caller ID indexes, per portal connection (none by default). */
import type { Db } from '../pool.js';

/** The selected domains' Yuki GUIDs (lower case). */
export async function contactDomainsOf(db: Db, connectionId: string): Promise<string[]> {
  const rows = await db
    .selectFrom('callerid_contact_domains')
    .select('domain_external_id')
    .where('connection_id', '=', connectionId)
    .orderBy('domain_external_id')
    .execute();
  return rows.map((r) => r.domain_external_id);
}

/** Replaces the selection in one transaction. */
export async function setContactDomains(db: Db, connectionId: string, domainIds: readonly string[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('callerid_contact_domains').where('connection_id', '=', connectionId).execute();
    if (domainIds.length === 0) return;
    await trx
      .insertInto('callerid_contact_domains')
      .values(domainIds.map((id) => ({ connection_id: connectionId, domain_external_id: id.toLowerCase() })))
      .execute();
  });
}
