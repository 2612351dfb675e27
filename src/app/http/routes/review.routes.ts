/** The review queue: held changes grouped by administration; approve, reject, edit-then-approve, bulk approve. */
import { z } from 'zod';

import { countReviewable, reviewQueue } from '../../../adapters/db/repos/changes.repo.js';
import { visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { reviewableChangeStates } from '../../../core/approval/approval.js';
import { enqueueApply } from '../../jobs/contracts.js';
import { approveChange, bulkApprove, rejectChange } from '../../use-cases/sync/decide.js';
import { anyUser, currentUser } from '../plugins/auth.js';

import type { StoredChange } from '../../../adapters/db/repos/changes.repo.js';
import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const changeSchema = z.object({
  id: z.uuid(),
  administrationId: z.uuid(),
  field: z.string(),
  state: z.string(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  rawValue: z.string().nullable(),
  portalValue: z.string().nullable(),
  invalidReason: z.string().nullable(),
  history: z.array(z.object({ value: z.string().nullable(), raw: z.string().nullable(), at: z.string() })),
  sourceExternalId: z.string(),
  detectedAt: z.iso.datetime(),
  lastError: z.string().nullable(),
});

function changeView(change: StoredChange): z.infer<typeof changeSchema> {
  return {
    id: change.id,
    administrationId: change.administrationId,
    field: change.field,
    state: change.state,
    oldValue: change.oldValue,
    newValue: change.newValue,
    rawValue: change.rawValue,
    portalValue: change.portalValue,
    invalidReason: change.invalidReason,
    history: [...change.history],
    sourceExternalId: change.sourceExternalId,
    detectedAt: change.detectedAt.toISOString(),
    lastError: change.lastError,
  };
}

const reasonSchema = z.string().trim().max(500).optional();

export function registerReviewRoutes(app: ZodApp, deps: AppDeps): void {
  app.get(
    '/api/review',
    {
      config: { access: anyUser },
      schema: {
        tags: ['review'],
        summary: 'Held changes grouped by administration, and CRM records that disappeared',
        response: {
          200: z.object({
            groups: z.array(
              z.object({
                administrationId: z.uuid(),
                administrationName: z.string(),
                domainName: z.string(),
                changes: z.array(changeSchema),
              }),
            ),
            alerts: z.array(
              z.object({
                administrationId: z.uuid(),
                administrationName: z.string(),
                sourceStatus: z.string(),
                crmExternalId: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const domains = await visibleDomainIds(deps.db, user);
      const items = await reviewQueue(deps.db, user.portalId, domains, reviewableChangeStates);
      const groups = new Map<
        string,
        {
          administrationId: string;
          administrationName: string;
          domainName: string;
          changes: z.infer<typeof changeSchema>[];
        }
      >();
      for (const item of items) {
        const group = groups.get(item.administrationId) ?? {
          administrationId: item.administrationId,
          administrationName: item.administrationName,
          domainName: item.domainName,
          changes: [],
        };
        group.changes.push(changeView(item));
        groups.set(item.administrationId, group);
      }
      let alertsQuery = deps.db
        .selectFrom('administration_links as l')
        .innerJoin('administrations as a', 'a.id', 'l.administration_id')
        .innerJoin('domains as d', 'd.id', 'a.domain_id')
        .select([
          'l.administration_id as administrationId',
          'a.name as administrationName',
          'l.source_status as sourceStatus',
          'l.crm_external_id as crmExternalId',
        ])
        .where('d.portal_id', '=', user.portalId)
        .where('l.source_status', '<>', 'ok');
      if (domains !== null)
        alertsQuery = alertsQuery.where(
          'a.domain_id',
          'in',
          domains.length > 0 ? domains : ['00000000-0000-0000-0000-000000000000'],
        );
      return { groups: [...groups.values()], alerts: await alertsQuery.execute() };
    },
  );

  app.post(
    '/api/review/changes/:id/approve',
    {
      config: { access: anyUser },
      schema: {
        tags: ['review'],
        summary: 'Approve a change, optionally with an edited value',
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ value: z.string().max(500).nullable().optional(), reason: reasonSchema }),
        response: { 200: z.object({ change: changeSchema }) },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const change = await approveChange(deps, user, request.params.id, request.body);
      await enqueueApply(deps.queue, user.portalId, [change.administrationId]);
      return { change: changeView(change) };
    },
  );

  app.post(
    '/api/review/changes/:id/reject',
    {
      config: { access: anyUser },
      schema: {
        tags: ['review'],
        summary: 'Reject a change (its value is not proposed again)',
        params: z.object({ id: z.uuid() }),
        body: z.strictObject({ reason: reasonSchema }),
        response: { 200: z.object({ change: changeSchema }) },
      },
    },
    async (request) => ({
      change: changeView(await rejectChange(deps, currentUser(request), request.params.id, request.body.reason)),
    }),
  );

  app.post(
    '/api/review/approve',
    {
      config: { access: anyUser },
      schema: {
        tags: ['review'],
        summary: 'Approve all open changes of an administration, or a selection',
        body: z
          .strictObject({
            administrationId: z.uuid().optional(),
            changeIds: z.array(z.uuid()).min(1).max(1000).optional(),
            reason: reasonSchema,
          })
          .refine((body) => body.administrationId !== undefined || body.changeIds !== undefined, {
            message: 'give administrationId or changeIds',
            path: ['changeIds'],
          }),
        response: {
          200: z.object({
            approved: z.number().int(),
            skipped: z.array(z.object({ id: z.string(), reason: z.string() })),
          }),
        },
      },
    },
    async (request) => {
      const user = currentUser(request);
      const result = await bulkApprove(deps, user, request.body);
      await enqueueApply(deps.queue, user.portalId, [
        ...new Set(result.approved.map((change) => change.administrationId)),
      ]);
      return { approved: result.approved.length, skipped: result.skipped };
    },
  );
}

/** The badge count for the navigation. */
export async function reviewCount(
  deps: AppDeps,
  user: { id: string; role: 'portal_admin' | 'employee'; portalId: string },
): Promise<number> {
  return countReviewable(deps.db, user.portalId, await visibleDomainIds(deps.db, user));
}
