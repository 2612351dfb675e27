// The audit entries for a set of filters, newest first, with "load more" for older pages.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { getAudit } from '../api/audit.api.js';
import { auditActionLabel } from '../audit-actions.js';
import { errorText } from '../error-text.js';
import { displayValue, formatDateTime } from '../format.js';
import { fieldLabel } from '../sync-fields.js';
import { useLoad } from '../use-load.js';
import { LoadState } from './load-state.component.js';

import type { ApiError } from '../api.js';
import type { AuditEntry, AuditFilters } from '../api/audit.api.js';

type More = { entries: AuditEntry[]; nextBefore: string | null; pending: boolean; error: ApiError | null };

export function AuditResults({ filters }: { filters: AuditFilters }) {
  const { t } = useTranslation();
  const { state, reload } = useLoad(() => getAudit(filters, null), [filters]);
  const [more, setMore] = useState<More | null>(null);

  if (state.kind !== 'ready') return <LoadState state={state} onRetry={reload} />;
  const entries = [...state.data.entries, ...(more?.entries ?? [])];
  const nextBefore = more === null ? state.data.nextBefore : more.nextBefore;

  function loadMore(before: string): void {
    const previous = more ?? { entries: [], nextBefore: before, pending: false, error: null };
    setMore({ ...previous, pending: true, error: null });
    getAudit(filters, before).then(
      (page) => {
        setMore({
          entries: [...previous.entries, ...page.entries],
          nextBefore: page.nextBefore,
          pending: false,
          error: null,
        });
      },
      (error: unknown) => {
        setMore({ ...previous, pending: false, error: toApiError(error) });
      },
    );
  }

  if (entries.length === 0) return <p className="empty-state">{t('audit.empty')}</p>;
  return (
    <>
      <table className="table" data-testid="audit-table">
        <caption className="visually-hidden">{t('pages.audit.title')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('audit.columns.at')}</th>
            <th scope="col">{t('audit.columns.action')}</th>
            <th scope="col">{t('audit.columns.administration')}</th>
            <th scope="col">{t('audit.columns.field')}</th>
            <th scope="col">{t('audit.columns.change')}</th>
            <th scope="col">{t('audit.columns.who')}</th>
            <th scope="col">{t('audit.columns.reason')}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <td>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>
              </td>
              <td>{auditActionLabel(t, entry.action)}</td>
              <td>{entry.administrationName ?? '—'}</td>
              <td>{entry.field === null ? '—' : fieldLabel(t, entry.field)}</td>
              <td>
                {entry.oldValue === null && entry.newValue === null
                  ? '—'
                  : `${displayValue(entry.oldValue)} → ${displayValue(entry.newValue)}`}
              </td>
              <td>{entry.actorEmail ?? t('audit.system')}</td>
              <td>{entry.reason ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {more?.error == null ? null : (
        <p className="form-error" role="alert">
          {errorText(t, more.error)}
        </p>
      )}
      {nextBefore === null ? null : (
        <button
          type="button"
          disabled={more?.pending === true}
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
