// Client for administrations: bulk list with link state, detail with suggestions, name search, dry run, link.
import { z } from 'zod/mini';

import { send, sendJson } from '../api.js';
import { idSchema, maybeText, queryString, textOrNull } from './schemas.js';

export const linkModes = ['manual', 'automatic'] as const;
export type LinkMode = (typeof linkModes)[number];

const linkSchema = z.object({
  crmExternalId: idSchema,
  crmName: maybeText,
  mode: z.enum(linkModes),
  sourceStatus: z.string(),
});
const summarySchema = z.object({
  id: idSchema,
  name: z.string(),
  domainName: z.string(),
  link: z.nullable(linkSchema),
  pendingCount: z.number(),
  suggestionCount: z.number(),
});
const candidateSchema = z.object({
  externalId: idSchema,
  name: maybeText,
  kvk: maybeText,
  vat: maybeText,
  reasons: z.array(z.string()),
});
const detailSchema = z.object({
  administration: z.object({
    id: idSchema,
    name: z.string(),
    domainName: z.string(),
    profile: z.record(z.string(), z.nullable(z.string())),
  }),
  link: z.nullable(linkSchema),
  suggestions: z.array(candidateSchema),
});
const dryRunSchema = z.object({
  changes: z.array(
    z.object({
      field: z.string(),
      portalValue: textOrNull,
      crmValue: textOrNull,
      invalidReason: maybeText,
      disposition: z.enum(['hold', 'apply']),
    }),
  ),
});

export type Link = z.infer<typeof linkSchema>;
export type AdministrationSummary = z.infer<typeof summarySchema>;
export type AdministrationDetail = z.infer<typeof detailSchema>;
export type Candidate = z.infer<typeof candidateSchema>;
export type DryRunChange = z.infer<typeof dryRunSchema>['changes'][number];

const base = (id: string): string => `/api/administrations/${encodeURIComponent(id)}`;

export async function getAdministrations(): Promise<AdministrationSummary[]> {
  const schema = z.object({ administrations: z.array(summarySchema) });
  return (await sendJson(schema, 'GET', '/api/administrations')).administrations;
}

export async function getAdministration(id: string): Promise<AdministrationDetail> {
  return sendJson(detailSchema, 'GET', base(id));
}

export async function searchCandidates(id: string, q: string): Promise<Candidate[]> {
  const schema = z.object({ candidates: z.array(candidateSchema) });
  return (await sendJson(schema, 'GET', `${base(id)}/candidates${queryString({ q })}`)).candidates;
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
