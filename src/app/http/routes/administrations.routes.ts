/** Administrations: the bulk view with link state, suggestions, name search, dry run, link, mode, unlink. */
import { z } from 'zod';

import { findLiveConnection } from '../../../adapters/db/repos/connections.repo.js';
import { findLink } from '../../../adapters/db/repos/links.repo.js';
import { listAdministrations, visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { syncFields } from '../../../core/sync/fields.js';
import { approvalModes } from '../../../core/sync/policy.js';
import { enqueueApply } from '../../jobs/contracts.js';
import {
  changeLinkMode,
  crmNames,
  dryRun,
  linkAdministration,
  searchCandidates,
  suggestionCounts,
  suggestionsFor,
  unlinkAdministration,
  visibleAdministration,
} from '../../use-cases/sync/links.js';
import { anyUser, currentUser } from '../plugins/auth.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const idParams = z.object({ id: z.uuid() });
const linkSchema = z.object({
  crmExternalId: z.string(),
  crmName: z.string().nullable(),
  mode: z.enum(approvalModes),
  sourceStatus: z.enum(['ok', 'deleted', 'merged']),
});
const candidateSchema = z.object({
  externalId: z.string(),
  name: z.string().nullable(),
  kvk: z.string().nullable(),
  vat: z.string().nullable(),
  reasons: z.array(z.enum(['kvk', 'vat', 'name'])),
});
const linkBody = z.strictObject({ crmExternalId: z.string().min(1).max(200), mode: z.enum(approvalModes) });

export function registerAdministrationsRoutes(app: ZodApp, deps: AppDeps): void {
  app.get(
    '/api/administrations',
    {
      config: { access: anyUser },
      schema: {
        tags: ['administrations'],
        summary: 'Every administration you may see, with its link state',
        response: {
          200: z.object({
            administrations: z.array(
              z.object({
                id: z.uuid(),
                name: z.string(),
                domainName: z.string(),
                link: linkSchema.nullable(),
                pendingCount: z.number().int(),
                suggestionCount: z.number().int(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const administrations = await listAdministrations(deps.db, user.portalId, await visibleDomainIds(deps.db, user));
      const ids = administrations.map((administration) => administration.id);
      const none = ['00000000-0000-0000-0000-000000000000'];
      const links = await deps.db
        .selectFrom('administration_links')
        .select(['administration_id', 'connection_id', 'crm_external_id', 'mode', 'source_status'])
        .where('administration_id', 'in', ids.length > 0 ? ids : none)
        .execute();
      const pending = await deps.db
        .selectFrom('sync_changes')
        .select(['administration_id', deps.db.fn.countAll<number>().as('count')])
        .where('administration_id', 'in', ids.length > 0 ? ids : none)
        .where('state', 'in', ['pending', 'conflict', 'failed'])
        .groupBy('administration_id')
        .execute();
      const crm = await findLiveConnection(deps.db, user.portalId, 'crm');
      const names =
        crm === null
          ? new Map<string, string | null>()
          : await crmNames(
              deps,
              crm.id,
              links.map((link) => link.crm_external_id),
            );
      const byAdministration = new Map(links.map((link) => [link.administration_id, link]));
      const pendingBy = new Map(pending.map((row) => [row.administration_id, row.count]));
      const suggestions = await suggestionCounts(
        deps,
        user,
        administrations.filter((administration) => !byAdministration.has(administration.id)),
      );
      const result = [];
      for (const administration of administrations) {
        const link = byAdministration.get(administration.id);
        result.push({
          id: administration.id,
          name: administration.name,
          domainName: administration.domainName,
          link:
            link === undefined
              ? null
              : {
                  crmExternalId: link.crm_external_id,
                  crmName: names.get(link.crm_external_id) ?? null,
                  mode: link.mode,
                  sourceStatus: link.source_status,
                },
          pendingCount: pendingBy.get(administration.id) ?? 0,
          suggestionCount: suggestions.get(administration.id) ?? 0,
        });
      }
      return { administrations: result };
    },
  );

  app.get(
    '/api/administrations/:id',
    {
      config: { access: anyUser },
      schema: {
        tags: ['administrations'],
        summary: 'One administration with its profile, link and suggestions',
        params: idParams,
        response: {
          200: z.object({
            administration: z.object({
              id: z.uuid(),
              name: z.string(),
              domainName: z.string(),
              profile: z.record(z.string(), z.string().nullable()),
            }),
            link: linkSchema.nullable(),
            suggestions: z.array(candidateSchema),
          }),
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const administration = await visibleAdministration(deps, user, request.params.id);
      const link = await findLink(deps.db, administration.id);
      const names =
        link === null
          ? new Map<string, string | null>()
          : await crmNames(deps, link.connectionId, [link.crmExternalId]);
      const suggestions = link === null ? await suggestionsFor(deps, user, administration) : [];
      return {
        administration: {
          id: administration.id,
          name: administration.name,
          domainName: administration.domainName,
          profile: administration.profile,
        },
        link:
          link === null
            ? null
            : {
                crmExternalId: link.crmExternalId,
                crmName: names.get(link.crmExternalId) ?? null,
                mode: link.mode,
                sourceStatus: link.sourceStatus,
              },
        suggestions: suggestions.map((suggestion) => ({ ...suggestion.candidate, reasons: [...suggestion.reasons] })),
      };
    },
  );

  app.get(
    '/api/administrations/:id/candidates',
    {
      config: { access: anyUser },
      schema: {
        tags: ['administrations'],
        summary: 'Search CRM organisations by name',
        params: idParams,
        querystring: z.object({ q: z.string().trim().min(1, 'enter part of the name').max(200) }),
        response: { 200: z.object({ candidates: z.array(candidateSchema) }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      await visibleAdministration(deps, user, request.params.id);
      const candidates = await searchCandidates(deps, user, request.query.q);
      return { candidates: candidates.map((candidate) => ({ ...candidate, reasons: ['name' as const] })) };
    },
  );

  app.post(
    '/api/administrations/:id/dry-run',
    {
      config: { access: anyUser },
      schema: {
        tags: ['administrations'],
        summary: 'Exactly which fields linking would change',
        params: idParams,
        body: linkBody,
        response: {
          200: z.object({
            changes: z.array(
              z.object({
                field: z.enum(syncFields),
                portalValue: z.string().nullable(),
                crmValue: z.string().nullable(),
                invalidReason: z.string().nullable(),
                disposition: z.enum(['hold', 'apply']),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({
      changes: await dryRun(
        deps,
        currentUser(request),
        request.params.id,
        request.body.crmExternalId,
        request.body.mode,
      ),
    }),
  );

  app.put(
    '/api/administrations/:id/link',
    {
      config: { access: anyUser },
      schema: {
        tags: ['administrations'],
        summary: 'Link to a CRM organisation',
        params: idParams,
        body: linkBody,
        response: { 200: z.object({ link: linkSchema }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const { toApply } = await linkAdministration(deps, user, request.params.id, request.body);
      await enqueueApply(deps.queue, user.portalId, toApply);
      const link = await findLink(deps.db, request.params.id);
      const names =
        link === null
          ? new Map<string, string | null>()
          : await crmNames(deps, link.connectionId, [link.crmExternalId]);
      return {
        link: {
          crmExternalId: request.body.crmExternalId,
          crmName: names.get(request.body.crmExternalId) ?? null,
          mode: request.body.mode,
          sourceStatus: link?.sourceStatus ?? 'ok',
        },
      };
    },
  );

  app.patch(
    '/api/administrations/:id/link',
    {
      config: { access: anyUser },
      schema: {
        tags: ['administrations'],
        summary: 'Change automatic/manual approval',
        params: idParams,
        body: z.strictObject({ mode: z.enum(approvalModes) }),
      },
    },
    async (request, reply) => {
      await changeLinkMode(deps, currentUser(request), request.params.id, request.body.mode);
      return reply.code(204).send();
    },
  );

  app.delete(
    '/api/administrations/:id/link',
    { config: { access: anyUser }, schema: { tags: ['administrations'], summary: 'Unlink', params: idParams } },
    async (request, reply) => {
      await unlinkAdministration(deps, currentUser(request), request.params.id);
      return reply.code(204).send();
    },
  );
}
