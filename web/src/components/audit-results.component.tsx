// The audit entries for a set of filters, newest first, with "load more" for older pages.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { auditReasonText } from '../../../src/contract/audit-words.js';
import { getAudit } from '../api/audit.api.js';
import { auditActionLabel } from '../audit-actions.js';
import { displayValue, formatDateTime } from '../format.js';
import { fieldLabel } from '../sync-fields.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';
import { ErrorAlert } from './feedback.component.js';
import { LoadState } from './load-state.component.js';
import { TableHead } from './table-head.component.js';

import type { AuditEntry, AuditFilters } from '../api/audit.api.js';

type More = { entries: AuditEntry[]; nextBefore: string | null };

const columns = ['at', 'action', 'administration', 'field', 'change', 'who', 'reason'] as const;

/** crmhub's own reason in words, then what the person typed (if anything). */
function reasonOf(language: string, entry: AuditEntry): string {
  const own =
    entry.reasonCode === null
      ? null
      : auditReasonText(language === 'nl' ? 'nl' : 'en', entry.reasonCode, entry.reasonParams);
  return [own, entry.reason].filter((part) => part !== null && part !== '').join(' · ');
}

function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const { t, i18n } = useTranslation();
  return (
    <table className="table" data-testid="audit-table">
      <caption className="visually-hidden">{t('pages.audit.title')}</caption>
      <TableHead columns={columns.map((column) => t(`audit.columns.${column}`))} />
      <tbody>
        {entries.map((entry) => (
          <tr key={entry.id}>
            <td>
              <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
            </td>
            <td>
              {auditActionLabel(t, entry.action)}
              {entry.writeMode === null ? null : (
                <span className="field-hint"> ({t(`writeMode.short.${entry.writeMode}`)})</span>
              )}
            </td>
            <td>{entry.administrationName ?? '—'}</td>
            <td>{entry.field === null ? '—' : fieldLabel(t, entry.field)}</td>
            <td>
              {entry.oldValue === null && entry.newValue === null
                ? '—'
                : `${displayValue(entry.oldValue)} → ${displayValue(entry.newValue)}`}
            </td>
            <td>{entry.actorEmail ?? t('audit.system')}</td>
            <td>{reasonOf(i18n.language, entry)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

export function AuditResults({ filters }: { filters: AuditFilters }) {
  const { t } = useTranslation();
  const { state, reload } = useLoad(() => getAudit(filters, null), [filters]);
  const [more, setMore] = useState<More | null>(null);
  const loading = useAction();

  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const entries = [...state.data.entries, ...(more?.entries ?? [])];
  const nextBefore = more === null ? state.data.nextBefore : more.nextBefore;

  function loadMore(before: string): void {
    const previous = more?.entries ?? [];
    loading.run(
      () => getAudit(filters, before),
      (page) => {
        setMore({ entries: [...previous, ...page.entries], nextBefore: page.nextBefore });
      },
    );
  }

  if (entries.length === 0) return <p className="empty-state">{t('audit.empty')}</p>;
  return (
    <>
      <AuditTable entries={entries} />
      <ErrorAlert error={loading.error} />
      {nextBefore === null ? null : (
        <button
          type="button"
          disabled={loading.pending}
          onClick={() => {
            loadMore(nextBefore);
          }}
        >
          {t('audit.more')}
        </button>
      )}
    </>
  );
}
