/** Fresh reads for linking: a CRM organisation, and administration profiles from the portal (one or a chunk at once). */
import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { writeModeOf } from '../../../adapters/db/repos/yuki-tasks.repo.js';
import { fail } from '../failure.js';
import { portalTargetOf } from './connectors.js';
import { connectionFailed } from './verify.js';

import type { AdministrationRow } from '../../../adapters/db/repos/portal.repo.js';
import type {
  AdministrationRef,
  ConnectorError,
  PortalAdministration,
  PortalTarget,
  RecordSource,
  SourceCompany,
} from '../../../core/connector.js';
import type { Result } from '../../../core/result.js';
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

type ProfileRead = Result<PortalAdministration, ConnectorError>;

/** One read after the other, for a portal that cannot answer several at once. */
async function readOneByOne(
  refs: readonly AdministrationRef[],
  read: (ref: AdministrationRef) => Promise<ProfileRead>,
): Promise<ProfileRead[]> {
  const reads: ProfileRead[] = [];
  for (const ref of refs) reads.push(await read(ref));
  return reads;
}

/** Reads the administrations' profiles in the way the write mode needs. */
function readFrom(
  target: PortalTarget,
  refs: readonly AdministrationRef[],
  automatic: boolean,
): Promise<readonly ProfileRead[]> {
  const opts = { priority: 'high' } as const;
  // The automatic write mode reads as its writes do (docs/external-systems/yuki.md#write-modes), so the dry run shows
  // what it would overwrite; the assisted mode uses the documented read only.
  const forWrite = automatic && target.readProfileForWrite !== undefined;
  if (target.readProfiles !== undefined) return target.readProfiles(refs, { ...opts, forWrite });
  return readOneByOne(refs, (ref) =>
    forWrite && target.readProfileForWrite !== undefined
      ? target.readProfileForWrite(ref, opts)
      : target.readProfile(ref, opts),
  );
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
  const automatic = (await writeModeOf(deps.db, portalId)) === 'automatic';
  return (await readFrom(target.value, refs, automatic)).map((read) => (read.ok ? read.value : null));
}
