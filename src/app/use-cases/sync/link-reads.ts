/** Fresh reads for linking: a CRM organisation, and administration profiles from the portal (one or a chunk at once). */
import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { writeModeOf } from '../../../adapters/db/repos/yuki-tasks.repo.js';
import { fail } from '../failure.js';
import { portalTargetOf } from './connectors.js';
import { connectionFailed } from './verify.js';

import type { AdministrationRow } from '../../../adapters/db/repos/portal.repo.js';
import type { PortalAdministration, RecordSource, SourceCompany } from '../../../core/connector.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

/** The CRM organisation, read fresh from the CRM. */
export async function readCompany(source: RecordSource, crmExternalId: string): Promise<Outcome<SourceCompany>> {
  const company = await source.company(crmExternalId);
  if (!company.ok) {
    if (company.error.code === 'not_found') return fail('not_found', `the CRM has no organisation ${crmExternalId}`);
    return connectionFailed(company.error);
  }
  return company;
}

/** The administrations' profiles read fresh from the portal, in order; null for one the portal cannot read now. */
export async function readPortalProfiles(
  deps: AppDeps,
  portalId: string,
  administrations: readonly AdministrationRow[],
): Promise<(PortalAdministration | null)[]> {
  const portal = await findLiveConnection(deps.db, portalId, 'portal_target');
  const target = portal === null ? null : portalTargetOf(deps, portal);
  if (target?.ok !== true || administrations.length === 0) return administrations.map(() => null);
  const refs = administrations.map((administration) => ({
    domainId: administration.domainExternalId,
    administrationId: administration.externalId,
  }));
  // The automatic write mode reads as its writes do (docs/external-systems/yuki.md#write-modes), so the dry run shows
  // what it would overwrite; the assisted mode uses the documented read only.
  const forWrite =
    (await writeModeOf(deps.db, portalId)) === 'automatic' && target.value.readProfileForWrite !== undefined;
  const reads = await target.value.readProfiles(refs, { priority: 'high', forWrite });
  return reads.map((read) => (read.ok ? read.value : null));
}
