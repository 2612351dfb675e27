/** Stores what the CRM says about organisations and plans field changes for every administration linked to them. */
import { appendAudit } from '../../../adapters/db/repos/audit.repo.js';
import { openChangesOfMany, persistPlans, rejectionsOfMany } from '../../../adapters/db/repos/changes.repo.js';
import {
  markCrmOrganizationDeleted,
  upsertCrmOrganizations,
} from '../../../adapters/db/repos/crm-organizations.repo.js';
import { linksToOrganizations, lockLinks, setCrmHeld, setSourceStatus } from '../../../adapters/db/repos/links.repo.js';
import { announceReviewChange } from '../../../adapters/db/repos/review-notices.repo.js';
import { approvalPolicyOf } from '../../../adapters/db/repos/settings.repo.js';
import { validateKvk } from '../../../core/identifiers/kvk.js';
import { validateVat } from '../../../core/identifiers/vat.js';
import { isSyncField, syncFields } from '../../../core/sync/fields.js';
import { fieldValuesOfCompany } from '../../../core/sync/mapping.js';
import { heldFields, planFieldChanges } from '../../../core/sync/plan.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { PlanContext } from '../../../adapters/db/repos/changes.repo.js';
import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { SourceCompany } from '../../../core/connector.js';
import type { FieldValues } from '../../../core/sync/fields.js';

/** A KvK or VAT number in its canonical form when valid (so matching ignores formatting), else as typed. */
function canonical(
  value: string | null,
  validate: (input: string) => { ok: true; value: string } | { ok: false },
): string | null {
  if (value === null || value.trim() === '') return null;
  const result = validate(value);
  return result.ok ? result.value : value.trim();
}

export function crmOrganizationOf(company: SourceCompany): Parameters<typeof upsertCrmOrganizations>[2][number] {
  return {
    externalId: company.externalId,
    name: company.name,
    kvk: canonical(company.kvk, validateKvk),
    vat: canonical(company.vat, validateVat),
    fieldValues: fieldValuesOfCompany(company),
    sourceUpdatedAt: company.updatedAt,
    deepLink: company.deepLink,
  };
}

function asFieldValues(values: Readonly<Record<string, string | null>>): FieldValues {
  return Object.fromEntries(syncFields.map((field) => [field, values[field] ?? null])) as FieldValues;
}

type Candidates = Awaited<ReturnType<typeof linksToOrganizations>>;

/**
 * What an ingest did: the administrations with approved changes to apply, and those whose queue or link state
 * changed (to announce once, at the end of the transaction: {@link announceReviewChange}).
 */
export type Ingested = { readonly toApply: string[]; readonly touched: string[] };

/** Plans and stores the field changes of the linked administrations, under a lock on their links (in `trx`). */
async function planLinked(
  trx: Db,
  connection: Connection,
  byId: ReadonlyMap<string, SourceCompany>,
  candidates: Candidates,
  now: Date,
): Promise<Ingested> {
  const links = await lockLinks(
    trx,
    candidates.map((link) => link.administrationId),
  );
  const ids = links.map((link) => link.administrationId);
  const [open, rejected, policy] = await Promise.all([
    openChangesOfMany(trx, ids),
    rejectionsOfMany(trx, ids),
    approvalPolicyOf(trx, connection.portalId),
  ]);
  const contexts: PlanContext[] = [];
  const revived: string[] = [];
  const heldChanged: { administrationId: string; fields: string[] }[] = [];
  for (const link of links) {
    const company = byId.get(link.crmExternalId);
    // The link may have moved to another organisation between the read above and the lock.
    if (company === undefined || link.connectionId !== connection.id) continue;
    if (link.sourceStatus !== 'ok') {
      await setSourceStatus(trx, link.administrationId, 'ok');
      revived.push(link.administrationId);
    }
    const openChanges = open.get(link.administrationId) ?? new Map();
    const crm = fieldValuesOfCompany(company);
    const plans = planFieldChanges({
      baseline: asFieldValues(link.baseline),
      crm,
      open: openChanges,
      rejected: rejected.get(link.administrationId) ?? new Map(),
      crmHeld: new Set(link.crmHeld.filter(isSyncField)),
      settings: { policy, mode: link.mode },
    });
    const held = heldFields(crm);
    if (held.join() !== link.crmHeld.join())
      heldChanged.push({ administrationId: link.administrationId, fields: held });
    if (plans.length > 0) {
      contexts.push({
        portalId: connection.portalId,
        administrationId: link.administrationId,
        sourceExternalId: company.externalId,
        baseline: link.baseline,
        open: openChanges,
        plans,
      });
    }
  }
  await setCrmHeld(trx, heldChanged);
  const { toApply } = await persistPlans(trx, contexts, now);
  return { toApply, touched: [...revived, ...contexts.map((context) => context.administrationId)] };
}

/** Mirrors the companies and finds the links to them (both in `db`, which may be a transaction). */
async function mirrorAndFindLinks(
  db: Db,
  connection: Connection,
  companies: readonly SourceCompany[],
  now: Date,
): Promise<{ byId: Map<string, SourceCompany>; candidates: Candidates }> {
  await upsertCrmOrganizations(db, connection.id, companies.map(crmOrganizationOf), now);
  const byId = new Map(companies.map((company) => [company.externalId, company]));
  return { byId, candidates: await linksToOrganizations(db, connection.id, [...byId.keys()]) };
}

/**
 * Ingests a page of CRM organisations: mirrors them, then (in one transaction that locks the affected links) plans
 * and stores changes for every linked administration. Returns the administrations with changes ready to apply.
 */
export async function ingestCompanies(
  db: Db,
  connection: Connection,
  companies: readonly SourceCompany[],
  now: Date,
): Promise<string[]> {
  if (companies.length === 0) return [];
  const { byId, candidates } = await mirrorAndFindLinks(db, connection, companies, now);
  if (candidates.length === 0) return [];
  return db.transaction().execute(async (trx) => {
    const { toApply, touched } = await planLinked(trx, connection, byId, candidates, now);
    await announceReviewChange(trx, touched);
    return toApply;
  });
}

/**
 * {@link ingestCompanies} inside the caller's transaction (an intake batch is recorded whole or not at all); the
 * caller announces `touched` once, last in that transaction.
 */
export async function ingestCompaniesWithin(
  trx: Db,
  connection: Connection,
  companies: readonly SourceCompany[],
  now: Date,
): Promise<Ingested> {
  const nothing: Ingested = { toApply: [], touched: [] };
  if (companies.length === 0) return nothing;
  const { byId, candidates } = await mirrorAndFindLinks(trx, connection, companies, now);
  return candidates.length === 0 ? nothing : planLinked(trx, connection, byId, candidates, now);
}

/**
 * A CRM organisation is gone (deleted, or merged into another): nothing is propagated; the links to it are flagged so
 * a person sees it in the review queue. Returns the flagged administrations (for the caller to announce).
 */
export async function markOrganizationsGone(
  db: Db,
  connection: Connection,
  externalIds: readonly string[],
  now: Date,
): Promise<string[]> {
  for (const externalId of externalIds) await markCrmOrganizationDeleted(db, connection.id, externalId);
  const links = await linksToOrganizations(db, connection.id, externalIds);
  const flagged = links.filter((candidate) => candidate.sourceStatus === 'ok');
  for (const link of flagged) {
    await setSourceStatus(db, link.administrationId, 'deleted');
    await appendAudit(db, [
      {
        portalId: connection.portalId,
        action: 'source_deleted',
        administrationId: link.administrationId,
        reasonCode: 'source_deleted',
        reasonParams: { crmExternalId: link.crmExternalId },
        at: now,
      },
    ]);
  }
  return flagged.map((link) => link.administrationId);
}

/** {@link markOrganizationsGone} in a transaction of its own that announces the flagged links. */
export async function flagOrganizationsGone(
  db: Db,
  connection: Connection,
  externalIds: readonly string[],
  now: Date,
): Promise<void> {
  if (externalIds.length === 0) return;
  await db.transaction().execute(async (trx) => {
    await announceReviewChange(trx, await markOrganizationsGone(trx, connection, externalIds, now));
  });
}
