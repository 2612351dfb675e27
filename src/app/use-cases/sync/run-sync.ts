/** One sync run of a CRM connection: incremental (modified-since), full reconcile, or one record after a webhook. */
import { findConnection, recordConnectionRun } from '../../../adapters/db/repos/connections.repo.js';
import { sweepUnseenCrmOrganizations } from '../../../adapters/db/repos/crm-organizations.repo.js';
import { intakeRoleOf } from '../../../adapters/registry.js';
import { decideOnFailure } from '../../../core/sync/failure.js';
import { crmSourceOf } from './connectors.js';
import { flagOrganizationsGone, ingestCompanies } from './ingest.js';

import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { ConnectorError, SourceCompany } from '../../../core/connector.js';
import type { AppDeps } from '../../deps.js';

export type SyncOutcome =
  | { readonly ok: true; readonly organizations: number; readonly toApply: readonly string[] }
  | { readonly ok: false; readonly error: ConnectorError }
  | { readonly ok: false; readonly skipped: 'not_active' | 'not_pulled' };

async function recordFailure(
  deps: AppDeps,
  connection: Connection,
  error: ConnectorError,
  now: Date,
): Promise<SyncOutcome> {
  const decision = decideOnFailure(error, 1, now);
  await recordConnectionRun(deps.db, connection.id, {
    ok: false,
    now,
    error,
    nextRunAt: decision.kind === 'give_up' ? null : decision.at,
    needsReconnect: decision.kind === 'give_up' && decision.needsReconnect,
  });
  return { ok: false, error };
}

function later(a: string | null, b: string | null): string | null {
  if (a === null) return b;
  if (b === null) return a;
  return Date.parse(a) >= Date.parse(b) ? a : b;
}

/**
 * Reads the CRM page by page (never all at once) and ingests each page. `full` reads everything and afterwards
 * flags organisations that were not seen (deleted or merged at the source).
 */
export async function runCrmSync(
  deps: AppDeps,
  connectionId: string,
  options: { full: boolean },
): Promise<SyncOutcome> {
  const connection = await findConnection(deps.db, connectionId);
  if (connection?.status !== 'active') return { ok: false, skipped: 'not_active' };
  // An intake CRM sends its records (docs/intake.md): there is nothing to read, and a full read's sweep would take
  // every record for deleted.
  if (intakeRoleOf(connection.system) !== null) return { ok: false, skipped: 'not_pulled' };
  const startedAt = deps.clock();
  const source = crmSourceOf(deps, connection);
  if (!source.ok) return recordFailure(deps, connection, source.error, startedAt);
  let cursor = connection.cursor;
  let organizations = 0;
  const toApply = new Set<string>();
  const since = options.full || connection.cursor === null ? null : { modifiedSince: connection.cursor };
  for await (const page of source.value.companies(since)) {
    if (!page.ok) return recordFailure(deps, connection, page.error, deps.clock());
    for (const id of await ingestCompanies(deps.db, connection, page.value.items, deps.clock())) toApply.add(id);
    organizations += page.value.items.length;
    cursor = page.value.items.reduce<string | null>((max, company) => later(max, company.updatedAt), cursor);
  }
  if (options.full) {
    const gone = await sweepUnseenCrmOrganizations(deps.db, connection.id, startedAt);
    await flagOrganizationsGone(deps.db, connection, gone, deps.clock());
  }
  const now = deps.clock();
  await recordConnectionRun(deps.db, connection.id, {
    ok: true,
    now,
    cursor,
    nextRunAt: new Date(now.getTime() + connection.pollIntervalSeconds * 1000),
    reconciled: options.full,
  });
  return { ok: true, organizations, toApply: [...toApply] };
}

/** After a webhook: re-reads one organisation by id (a webhook is only a hint) and ingests it, or flags it gone. */
export async function syncOneOrganization(
  deps: AppDeps,
  connectionId: string,
  externalId: string,
): Promise<SyncOutcome> {
  const connection = await findConnection(deps.db, connectionId);
  if (connection?.status !== 'active') return { ok: false, skipped: 'not_active' };
  const source = crmSourceOf(deps, connection);
  if (!source.ok) return recordFailure(deps, connection, source.error, deps.clock());
  const company = await source.value.company(externalId);
  if (!company.ok) {
    if (company.error.code === 'not_found') {
      await flagOrganizationsGone(deps.db, connection, [externalId], deps.clock());
      return { ok: true, organizations: 0, toApply: [] };
    }
    return recordFailure(deps, connection, company.error, deps.clock());
  }
  const companies: SourceCompany[] = [company.value];
  return { ok: true, organizations: 1, toApply: await ingestCompanies(deps.db, connection, companies, deps.clock()) };
}
