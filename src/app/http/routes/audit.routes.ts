/** The audit trail: filterable list and CSV export. */
import { auditExportQuery, auditFilterQuery, auditPageSchema } from '../../../contract/audit.contract.js';
import { writeModes } from '../../../core/sync/write-mode.js';
import { auditCsv, exportLanguage } from '../../use-cases/sync/audit-csv.js';
import { auditPage } from '../../use-cases/sync/audit.js';
import { anyUser, currentUser } from '../plugins/auth.js';
import { routeGroup } from '../route.js';

import type { AuditEntryView } from '../../../contract/audit.contract.js';
import type { AppDeps } from '../../deps.js';
import type { AuditRow } from '../../use-cases/sync/audit.js';
import type { ZodApp } from '../zod-app.js';

const entryView = (row: AuditRow): AuditEntryView => ({
  ...row,
  id: String(row.id),
  at: row.at.toISOString(),
  writeMode: writeModes.find((mode) => mode === row.writeMode) ?? null,
});

export function registerAuditRoutes(app: ZodApp, deps: AppDeps): void {
  const signedIn = routeGroup(app, { tags: ['audit'], access: anyUser });
  signedIn.get('/api/audit', {
    summary: 'Audit entries, newest first',
    querystring: auditFilterQuery,
    response: { 200: auditPageSchema },
    handler: async (request) => {
      const { rows, nextBefore } = await auditPage(deps, currentUser(request), request.query);
      return { entries: rows.map(entryView), nextBefore };
    },
  });

  signedIn.get('/api/audit/export.csv', {
    summary: 'Audit entries as CSV for Excel: semicolons, UTF-8 with BOM, Amsterdam time, in Dutch or English',
    querystring: auditExportQuery,
    handler: async (request, reply) => {
      const { lang, ...filter } = request.query;
      const language = exportLanguage(lang, request.headers['accept-language']);
      const { filename, csv } = await auditCsv(deps, currentUser(request), filter, language);
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${filename}"`)
        .send(csv);
    },
  });
}
