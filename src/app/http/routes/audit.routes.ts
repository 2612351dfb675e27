/** The audit trail: filterable list and CSV export. */
import { z } from 'zod';

import { auditActions, listAudit } from '../../../adapters/db/repos/audit.repo.js';
import { visibleDomainIds } from '../../../adapters/db/repos/portal.repo.js';
import { anyUser, currentUser } from '../plugins/auth.js';

import type { AuditRow } from '../../../adapters/db/repos/audit.repo.js';
import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

const filterSchema = z.object({
  administrationId: z.uuid().optional(),
  field: z.string().max(50).optional(),
  action: z.enum(auditActions).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  before: z.string().regex(/^\d+$/, 'must be an audit entry id').optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});
type Filter = z.infer<typeof filterSchema>;

const entrySchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  action: z.string(),
  actorEmail: z.string().nullable(),
  administrationId: z.string().nullable(),
  administrationName: z.string().nullable(),
  changeId: z.string().nullable(),
  field: z.string().nullable(),
  oldValue: z.string().nullable(),
  newValue: z.string().nullable(),
  reason: z.string().nullable(),
});

const entryView = (row: AuditRow): z.infer<typeof entrySchema> => ({
  ...row,
  id: String(row.id),
  at: row.at.toISOString(),
});

/** RFC 4180 quoting, plus a leading quote for values a spreadsheet would run as a formula. */
function csvCell(value: string | null): string {
  if (value === null) return '';
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function registerAuditRoutes(app: ZodApp, deps: AppDeps): void {
  async function query(
    request: { query: Filter },
    user: ReturnType<typeof currentUser>,
    limit: number,
    before?: string,
  ): Promise<AuditRow[]> {
    const q = request.query;
    return listAudit(deps.db, {
      portalId: user.portalId,
      visibleDomainIds: await visibleDomainIds(deps.db, user),
      limit,
      ...(q.administrationId === undefined ? {} : { administrationId: q.administrationId }),
      ...(q.field === undefined ? {} : { field: q.field }),
      ...(q.action === undefined ? {} : { actions: [q.action] }),
      ...(q.from === undefined ? {} : { from: new Date(q.from) }),
      ...(q.to === undefined ? {} : { to: new Date(q.to) }),
      ...(before === undefined ? {} : { beforeId: Number(before) }),
    });
  }

  app.get(
    '/api/audit',
    {
      config: { access: anyUser },
      schema: {
        tags: ['audit'],
        summary: 'Audit entries, newest first',
        querystring: filterSchema,
        response: { 200: z.object({ entries: z.array(entrySchema), nextBefore: z.string().nullable() }) },
      },
    },
    async (request) => {
      const rows = await query(request, currentUser(request), request.query.limit, request.query.before);
      const last = rows.at(-1);
      return {
        entries: rows.map(entryView),
        nextBefore: rows.length === request.query.limit && last !== undefined ? String(last.id) : null,
      };
    },
  );

  app.get(
    '/api/audit/export.csv',
    {
      config: { access: anyUser },
      schema: { tags: ['audit'], summary: 'Audit entries as CSV', querystring: filterSchema },
    },
    async (request, reply) => {
      const user = currentUser(request);
      const header = [
        'at',
        'action',
        'actor',
        'administration',
        'field',
        'old value',
        'new value',
        'reason',
        'change id',
      ];
      const lines = [header.join(',')];
      let before = request.query.before;
      // Page through everything the filter selects; an export is the whole trail, not one screen of it.
      for (;;) {
        const rows = await query(request, user, 1000, before);
        for (const row of rows) {
          lines.push(
            [
              row.at.toISOString(),
              row.action,
              row.actorEmail ?? 'crmhub',
              row.administrationName,
              row.field,
              row.oldValue,
              row.newValue,
              row.reason,
              row.changeId,
            ]
              .map(csvCell)
              .join(','),
          );
        }
        const last = rows.at(-1);
        if (rows.length < 1000 || last === undefined) break;
        before = String(last.id);
      }
      return reply
        .type('text/csv; charset=utf-8')
        .header(
          'content-disposition',
          `attachment; filename="crmhub-audit-${deps.clock().toISOString().slice(0, 10)}.csv"`,
        )
        .send(`${lines.join('\r\n')}\r\n`);
    },
  );
}
