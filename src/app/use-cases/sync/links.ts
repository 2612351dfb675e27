/** Linking administrations to CRM organisations: suggestions, name search, dry run, link, change mode, unlink. */
import { supersedeOpenChanges } from '../../../adapters/db/repos/changes.repo.js';
import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import {
  findCrmOrganizations,
  findCrmOrganizationsByIdentifiers,
  searchCrmOrganizationsByName,
} from '../../../adapters/db/repos/crm-organizations.repo.js';
import { deleteLink, findLink, insertLinks, setLinkMode } from '../../../adapters/db/repos/links.repo.js';
import {
  findAdministration,
  upsertAdministrationProfiles,
  visibleDomainIds,
} from '../../../adapters/db/repos/portal.repo.js';
import { announceReviewChange } from '../../../adapters/db/repos/review-notices.repo.js';
import { approvalPolicyOf } from '../../../adapters/db/repos/settings.repo.js';
import { validateKvk } from '../../../core/identifiers/kvk.js';
import { validateVat } from '../../../core/identifiers/vat.js';
import { mapResult, ok } from '../../../core/result.js';
import { syncFields } from '../../../core/sync/fields.js';
import { fieldValuesOfCompany, knownProfile, linkPortalValues } from '../../../core/sync/mapping.js';
import { normalizeFieldValues } from '../../../core/sync/normalize.js';
import { planFieldChanges } from '../../../core/sync/plan.js';
import { comparableName, suggestLinks } from '../../../core/sync/suggest.js';
import { fail } from '../failure.js';
import { auditUserAction, auditUserActions } from '../user-audit.js';
import { crmSourceOf } from './connectors.js';
import { ingestCompanies } from './ingest.js';
import { readCompany, readPortalProfiles } from './link-reads.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { CrmOrganization } from '../../../adapters/db/repos/crm-organizations.repo.js';
import type { AdministrationRow } from '../../../adapters/db/repos/portal.repo.js';
import type { User } from '../../../adapters/db/repos/users.repo.js';
import type { AdministrationProfile, PortalAdministration, SourceCompany } from '../../../core/connector.js';
import type { FieldValues, SyncField } from '../../../core/sync/fields.js';
import type { ApprovalMode, ApprovalPolicy, Disposition } from '../../../core/sync/policy.js';
import type { Suggestion } from '../../../core/sync/suggest.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

export type Candidate = { externalId: string; name: string | null; kvk: string | null; vat: string | null };

const asCandidate = (org: CrmOrganization): Candidate => ({
  externalId: org.externalId,
  name: org.name,
  kvk: org.kvk,
  vat: org.vat,
});

export async function visibleAdministration(
  deps: AppDeps,
  user: User,
  administrationId: string,
): Promise<Outcome<AdministrationRow>> {
  const administration = await findAdministration(
    deps.db,
    user.portalId,
    administrationId,
    await visibleDomainIds(deps.db, user),
  );
  if (administration === null) return fail('not_found', `no administration ${administrationId}`);
  return ok(administration);
}

/** The portal's live CRM connection, which every link step reads from. */
export async function crmConnection(deps: AppDeps, user: User): Promise<Outcome<Connection>> {
  const connection = await findLiveConnection(deps.db, user.portalId, 'crm');
  if (connection === null) return fail('not_connected', 'connect the portal to its CRM first (Settings → CRMHub)');
  return ok(connection);
}

function canonical(
  value: string | null | undefined,
  validate: (input: string) => { ok: true; value: string } | { ok: false },
): string | null {
  if (value == null) return null;
  const result = validate(value);
  return result.ok ? result.value : null;
}

/** The administration's KvK and VAT numbers in the normalised form CRM organisations are stored with. */
function identifiersOf(administration: AdministrationRow): { kvk: string | null; vat: string | null } {
  return {
    kvk: canonical(administration.profile['kvk'], validateKvk),
    vat: canonical(administration.profile['vat'], validateVat),
  };
}

/** CRM organisations with the same normalised KvK or VAT number, with why; several → the user chooses. */
export async function suggestionsFor(
  deps: AppDeps,
  user: User,
  administration: AdministrationRow,
): Promise<Suggestion<Candidate>[]> {
  const connection = await findLiveConnection(deps.db, user.portalId, 'crm');
  if (connection === null) return [];
  const ids = identifiersOf(administration);
  const found = await findCrmOrganizationsByIdentifiers(deps.db, connection.id, ids);
  return suggestLinks(ids, found.map(asCandidate));
}

/** CRM organisations whose name contains every word of the query, for an administration the user may see. */
export async function searchCandidates(
  deps: AppDeps,
  user: User,
  administrationId: string,
  query: string,
): Promise<Outcome<Candidate[]>> {
  const administration = await visibleAdministration(deps, user, administrationId);
  if (!administration.ok) return administration;
  const connection = await crmConnection(deps, user);
  if (!connection.ok) return connection;
  const words = comparableName(query).split(' ').filter(Boolean);
  if (words.length === 0) return ok([]);
  return ok((await searchCrmOrganizationsByName(deps.db, connection.value.id, words, 20)).map(asCandidate));
}

export type DryRunChange = {
  field: SyncField;
  portalValue: string | null;
  crmValue: string | null;
  invalidReason: string | null;
  disposition: Disposition;
};

type Preview = {
  company: SourceCompany;
  portalValues: FieldValues;
  /** What the fresh read saw (to refresh the stored copy); null when the portal could not be read. */
  profile: Partial<AdministrationProfile> | null;
  changes: DryRunChange[];
};

/** What linking would change, from the portal's fresh read (null: the imported copy stands in) and the CRM's values. */
export function linkPreview(
  read: PortalAdministration | null,
  stored: AdministrationRow['profile'],
  crmValues: FieldValues,
  settings: { readonly policy: ApprovalPolicy; readonly mode: ApprovalMode },
): Omit<Preview, 'company'> {
  const normalizedPortal = normalizeFieldValues(linkPortalValues(read, stored, crmValues));
  const portalValues = Object.fromEntries(
    syncFields.map((field) => [field, normalizedPortal[field].value]),
  ) as FieldValues;
  const plans = planFieldChanges({
    baseline: portalValues,
    crm: crmValues,
    open: new Map(),
    rejected: new Map(),
    // Linking: a field the CRM leaves empty is not a change (product decision 2).
    crmHeld: new Set(),
    settings,
  });
  const changes = plans.flatMap((plan) =>
    plan.action === 'create'
      ? [
          {
            field: plan.field,
            portalValue: portalValues[plan.field],
            crmValue: plan.newValue,
            invalidReason: plan.invalidReason,
            disposition: plan.disposition,
          },
        ]
      : [],
  );
  const profile = read === null ? null : knownProfile(read.profile, read.unknown);
  return { portalValues, profile, changes };
}

/** Reads both sides fresh: the CRM organisation and the portal profile (falling back to the imported copy). */
async function preview(
  deps: AppDeps,
  user: User,
  administration: AdministrationRow,
  crmExternalId: string,
  mode: ApprovalMode,
): Promise<Outcome<Preview>> {
  const connection = await crmConnection(deps, user);
  if (!connection.ok) return connection;
  const source = crmSourceOf(deps, connection.value);
  if (!source.ok) return fail('not_connected', source.error.message);
  const company = await readCompany(source.value, crmExternalId);
  if (!company.ok) return company;
  const [read = null] = await readPortalProfiles(deps, user.portalId, [administration]);
  const policy = await approvalPolicyOf(deps.db, user.portalId);
  const crmValues = fieldValuesOfCompany(company.value);
  return ok({ company: company.value, ...linkPreview(read, administration.profile, crmValues, { policy, mode }) });
}

export async function dryRun(
  deps: AppDeps,
  user: User,
  administrationId: string,
  crmExternalId: string,
  mode: ApprovalMode,
): Promise<Outcome<DryRunChange[]>> {
  const administration = await visibleAdministration(deps, user, administrationId);
  if (!administration.ok) return administration;
  return mapResult(await preview(deps, user, administration.value, crmExternalId, mode), (shown) => shown.changes);
}

/** A link about to be recorded: to which organisation, how, from which baseline, and what the fresh read saw. */
export type LinkToRecord = {
  readonly administrationId: string;
  readonly crmExternalId: string;
  readonly crmName: string | null;
  readonly mode: ApprovalMode;
  readonly baseline: FieldValues;
  /** The portal's fresh read (refreshes the stored copy); null when the portal could not be read. */
  readonly profile: Partial<AdministrationProfile> | null;
};

/**
 * Records links in a few statements inside the caller's transaction, each with its audit row and the refreshed
 * profile, announced to the open review streams at commit; an administration linked meanwhile is left as it is.
 * Returns the administrations linked now.
 */
export async function recordLinks(
  trx: Db,
  user: User,
  connectionId: string,
  links: readonly LinkToRecord[],
  now: Date,
): Promise<Set<string>> {
  const inserted = new Set(
    await insertLinks(
      trx,
      links.map((link) => ({ ...link, connectionId, baseline: link.baseline, linkedBy: user.id, now })),
    ),
  );
  const linked = links.filter((link) => inserted.has(link.administrationId));
  await upsertAdministrationProfiles(
    trx,
    linked.flatMap((link) =>
      link.profile === null ? [] : [{ administrationId: link.administrationId, profile: link.profile }],
    ),
    now,
  );
  await auditUserActions(
    trx,
    user,
    'administration_linked',
    now,
    linked.map((link) => ({
      administrationId: link.administrationId,
      reasonCode: 'linked',
      reasonParams: { crmName: link.crmName ?? link.crmExternalId, mode: link.mode },
      details: { crmExternalId: link.crmExternalId, mode: link.mode },
    })),
  );
  await announceReviewChange(trx, inserted);
  return inserted;
}

/**
 * Links an administration to a CRM organisation: the portal's current values become the baseline, and the
 * differences the dry run showed become changes at once (held or applied by the chosen mode and the policy).
 */
export async function linkAdministration(
  deps: AppDeps,
  user: User,
  administrationId: string,
  input: { crmExternalId: string; mode: ApprovalMode },
): Promise<Outcome<{ toApply: string[] }>> {
  const administration = await visibleAdministration(deps, user, administrationId);
  if (!administration.ok) return administration;
  if ((await findLink(deps.db, administrationId)) !== null) return fail('already_linked', 'unlink it first');
  const connection = await crmConnection(deps, user);
  if (!connection.ok) return connection;
  const previewed = await preview(deps, user, administration.value, input.crmExternalId, input.mode);
  if (!previewed.ok) return previewed;
  const { company, portalValues, profile } = previewed.value;
  const now = deps.clock();
  const link = { administrationId, ...input, crmName: company.name, baseline: portalValues, profile };
  const linked = await deps.db.transaction().execute((trx) => recordLinks(trx, user, connection.value.id, [link], now));
  if (!linked.has(administrationId)) return fail('already_linked', 'unlink it first');
  return ok({ toApply: await ingestCompanies(deps.db, connection.value, [company], now) });
}

/**
 * Writes the link of an administration the user may see, in one transaction announced to the open review streams;
 * `write` answers false when there is no link to write (not found).
 */
async function writeLink(
  deps: AppDeps,
  user: User,
  administrationId: string,
  write: (trx: Db) => Promise<boolean>,
): Promise<Outcome<void>> {
  const administration = await visibleAdministration(deps, user, administrationId);
  if (!administration.ok) return administration;
  const written = await deps.db.transaction().execute(async (trx) => {
    if (!(await write(trx))) return false;
    await announceReviewChange(trx, [administrationId]);
    return true;
  });
  return written ? ok(undefined) : fail('not_found', 'the administration is not linked');
}

export async function changeLinkMode(
  deps: AppDeps,
  user: User,
  administrationId: string,
  mode: ApprovalMode,
): Promise<Outcome<void>> {
  return writeLink(deps, user, administrationId, async (trx) => {
    if ((await findLink(trx, administrationId)) === null) return false;
    await setLinkMode(trx, administrationId, mode);
    return true;
  });
}

/** Unlinks: nothing more is synchronised; open changes are withdrawn; history and audit stay. */
export async function unlinkAdministration(
  deps: AppDeps,
  user: User,
  administrationId: string,
): Promise<Outcome<void>> {
  const now = deps.clock();
  return writeLink(deps, user, administrationId, async (trx) => {
    const link = await deleteLink(trx, administrationId);
    if (link === null) return false;
    await supersedeOpenChanges(trx, administrationId, now);
    await auditUserAction(trx, user, 'administration_unlinked', now, {
      administrationId,
      details: { crmExternalId: link.crmExternalId },
    });
    return true;
  });
}

/** CRM organisation names for a set of links (bulk view). */
export async function crmNames(
  deps: AppDeps,
  connectionId: string,
  externalIds: readonly string[],
): Promise<Map<string, string | null>> {
  return new Map(
    (await findCrmOrganizations(deps.db, connectionId, externalIds)).map((org) => [org.externalId, org.name]),
  );
}
