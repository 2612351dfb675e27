// Client for administrations: a server page of the list, detail with suggestions, name search, dry run, link, and
// linking in bulk (combined dry run, background run, its progress).
import {
  administrationDetailSchema,
  administrationsListSchema,
  bulkLinkDryRunSchema,
  bulkLinkRunSchema,
  bulkLinkStartedSchema,
  candidatesSchema,
  dryRunSchema,
} from '../../../src/contract/administrations.contract.js';
import { send, sendJson } from '../api.js';
import { queryString } from './schemas.js';

import type {
  AdministrationDetailView,
  AdministrationsQuery,
  AdministrationSummaryView,
  BulkLinkDryRunView,
  BulkLinkInput,
  BulkLinkRunView,
  CandidateView,
  DryRunChangeView,
  LinkView,
} from '../../../src/contract/administrations.contract.js';
import type { PageInfo } from '../../../src/contract/review.contract.js';
import type { ApprovalMode } from '../../../src/contract/sync.contract.js';

/** The modes in the order the link form offers them (the careful choice first). */
export const linkModes = ['manual', 'automatic'] as const satisfies readonly ApprovalMode[];
export type LinkMode = ApprovalMode;

export type Link = LinkView;
export type AdministrationSummary = AdministrationSummaryView;
export type AdministrationDetail = AdministrationDetailView;
export type Candidate = CandidateView;
export type DryRunChange = DryRunChangeView;
export type BulkLinkDryRun = BulkLinkDryRunView;
export type BulkLinkRun = BulkLinkRunView;
export type BulkLinkRequest = BulkLinkInput;

const base = (id: string): string => `/api/administrations/${encodeURIComponent(id)}`;

export type AdministrationList = { administrations: AdministrationSummary[]; page: PageInfo };

/** One page of the list, searched and filtered on the server. */
export async function getAdministrations(query: AdministrationsQuery = {}): Promise<AdministrationList> {
  return sendJson(administrationsListSchema, 'GET', `/api/administrations${queryString(query)}`);
}

export async function getAdministration(id: string): Promise<AdministrationDetail> {
  return sendJson(administrationDetailSchema, 'GET', base(id));
}

export async function searchCandidates(id: string, q: string): Promise<Candidate[]> {
  return (await sendJson(candidatesSchema, 'GET', `${base(id)}/candidates${queryString({ q })}`)).candidates;
}

export async function dryRun(id: string, input: { crmExternalId: string; mode: LinkMode }): Promise<DryRunChange[]> {
  return (await sendJson(dryRunSchema, 'POST', `${base(id)}/dry-run`, input)).changes;
}

export async function linkAdministration(id: string, input: { crmExternalId: string; mode: LinkMode }): Promise<void> {
  await send('PUT', `${base(id)}/link`, input);
}

export async function changeLinkMode(id: string, mode: LinkMode): Promise<void> {
  await send('PATCH', `${base(id)}/link`, { mode });
}

export async function unlinkAdministration(id: string): Promise<void> {
  await send('DELETE', `${base(id)}/link`);
}

/** What linking the selection (each to its one suggestion) would change, per field, and which are left out. */
export async function bulkLinkDryRun(input: BulkLinkRequest): Promise<BulkLinkDryRun> {
  return sendJson(bulkLinkDryRunSchema, 'POST', '/api/administrations/bulk-link/dry-run', input);
}

/** Starts the background run; its id is what the progress view follows. */
export async function startBulkLink(input: BulkLinkRequest): Promise<string> {
  return (await sendJson(bulkLinkStartedSchema, 'POST', '/api/administrations/bulk-link', input)).runId;
}

export async function getBulkLinkRun(runId: string): Promise<BulkLinkRun> {
  return sendJson(bulkLinkRunSchema, 'GET', `/api/administrations/bulk-link/${encodeURIComponent(runId)}`);
}
