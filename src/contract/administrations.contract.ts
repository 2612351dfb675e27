/** The HTTP contract of administrations: the bulk view, one administration, name search, dry run, link and mode. */
import { z } from 'zod';

import { pageInfoSchema, pageQuery } from './review.contract.js';
import { approvalModes, syncFields } from './sync.contract.js';

export const administrationIdParams = z.object({ id: z.uuid() });

export const sourceStatuses = ['ok', 'deleted', 'merged'] as const;
export const linkSchema = z.object({
  crmExternalId: z.string(),
  crmName: z.string().nullable(),
  mode: z.enum(approvalModes),
  sourceStatus: z.enum(sourceStatuses),
});
export type LinkView = z.infer<typeof linkSchema>;

/** Why a CRM organisation is offered: same KvK or VAT number, or found by name. */
export const candidateReasons = ['kvk', 'vat', 'name'] as const;
export const candidateSchema = z.object({
  externalId: z.string(),
  name: z.string().nullable(),
  kvk: z.string().nullable(),
  vat: z.string().nullable(),
  reasons: z.array(z.enum(candidateReasons)),
});
export type CandidateView = z.infer<typeof candidateSchema>;

export const linkBody = z.strictObject({ crmExternalId: z.string().min(1).max(200), mode: z.enum(approvalModes) });
export type LinkInput = z.infer<typeof linkBody>;
export const linkModeBody = z.strictObject({ mode: z.enum(approvalModes) });

export const administrationSummarySchema = z.object({
  id: z.uuid(),
  name: z.string(),
  domainName: z.string(),
  link: linkSchema.nullable(),
  pendingCount: z.number().int(),
  suggestionCount: z.number().int(),
});
export type AdministrationSummaryView = z.infer<typeof administrationSummarySchema>;

/** Which administrations: all, linked, unlinked, unlinked with a suggestion (or exactly one), or needing attention. */
export const administrationShows = [
  'all',
  'linked',
  'unlinked',
  'suggested',
  'single_suggestion',
  'attention',
] as const;
export type AdministrationShow = (typeof administrationShows)[number];

export const administrationsQuery = z.object({
  ...pageQuery.shape,
  /** Part of the name, domain, linked CRM organisation, KvK or VAT number. */
  q: z.string().trim().max(200).optional(),
  show: z.enum(administrationShows).default('all'),
});
export type AdministrationsQuery = { page?: number; size?: number; q?: string; show?: AdministrationShow };
export const administrationsListSchema = z.object({
  administrations: z.array(administrationSummarySchema),
  page: pageInfoSchema,
});

export const administrationDetailSchema = z.object({
  administration: z.object({
    id: z.uuid(),
    name: z.string(),
    domainName: z.string(),
    profile: z.record(z.string(), z.string().nullable()),
  }),
  link: linkSchema.nullable(),
  suggestions: z.array(candidateSchema),
});
export type AdministrationDetailView = z.infer<typeof administrationDetailSchema>;

export const candidatesQuery = z.object({ q: z.string().trim().min(1, 'enter part of the name').max(200) });
export const candidatesSchema = z.object({ candidates: z.array(candidateSchema) });

export const dryRunChangeSchema = z.object({
  field: z.enum(syncFields),
  portalValue: z.string().nullable(),
  crmValue: z.string().nullable(),
  invalidReason: z.string().nullable(),
  disposition: z.enum(['hold', 'apply']),
});
export type DryRunChangeView = z.infer<typeof dryRunChangeSchema>;
export const dryRunSchema = z.object({ changes: z.array(dryRunChangeSchema) });

export const linkResultSchema = z.object({ link: linkSchema });

/** Bulk linking: some administrations by id, or every one with exactly one KvK/VAT suggestion; each to that one. */
export const bulkLinkBody = z
  .strictObject({
    administrationIds: z.array(z.uuid()).min(1).max(20_000).optional(),
    allWithSingleSuggestion: z.literal(true).optional(),
    mode: z.enum(approvalModes),
  })
  .refine((body) => (body.administrationIds === undefined) !== (body.allWithSingleSuggestion === undefined), {
    message: 'give administrationIds or allWithSingleSuggestion',
    path: ['administrationIds'],
  });
export type BulkLinkInput = z.infer<typeof bulkLinkBody>;

/** Why an administration of a bulk link is (or was) left out. */
export const bulkLinkSkipSchema = z.object({ administrationId: z.string(), reason: z.string() });

export const bulkLinkDryRunSchema = z.object({
  /** How many administrations would be linked. */
  administrations: z.number().int(),
  /** Per field: how many administrations it would change, and how many of those wait for a person. */
  fields: z.array(z.object({ field: z.enum(syncFields), changes: z.number().int(), held: z.number().int() })),
  /** Administrations with at least one change held for a person. */
  withHeld: z.number().int(),
  skipped: z.array(bulkLinkSkipSchema),
});
export type BulkLinkDryRunView = z.infer<typeof bulkLinkDryRunSchema>;

export const bulkLinkRunParams = z.object({ runId: z.uuid() });
export const bulkLinkStartedSchema = z.object({
  runId: z.uuid(),
  total: z.number().int(),
  skipped: z.array(bulkLinkSkipSchema),
});
export const bulkLinkRunSchema = z.object({
  runId: z.uuid(),
  mode: z.enum(approvalModes),
  finished: z.boolean(),
  total: z.number().int(),
  linked: z.number().int(),
  skipped: z.number().int(),
  pending: z.number().int(),
  items: z.array(
    z.object({
      administrationId: z.string(),
      administrationName: z.string(),
      crmExternalId: z.string(),
      state: z.enum(['pending', 'linked', 'skipped']),
      reason: z.string().nullable(),
    }),
  ),
});
export type BulkLinkRunView = z.infer<typeof bulkLinkRunSchema>;
