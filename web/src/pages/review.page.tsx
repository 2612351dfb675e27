// Review queue: held changes by administration, decisions per field, bulk approval, and source alerts.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { approveMany, getReview } from '../api/review.api.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { ReviewGroup } from '../components/review-group.component.js';
import { SourceAlerts } from '../components/source-alerts.component.js';
import { TextField } from '../components/text-field.component.js';
import { errorText } from '../error-text.js';
import { refreshNavCounts } from '../nav-counts.js';
import { fieldLabel } from '../sync-fields.js';
import { useLoad } from '../use-load.js';

import type { TFunction } from 'i18next';
import type { ApiError } from '../api.js';
import type { BulkResult, Review } from '../api/review.api.js';

const skipReasons = ['value_invalid', 'invalid_value', 'change_not_open', 'not_open', 'conflict'] as const;

function skippedText(t: TFunction, review: Review, result: BulkResult): string[] {
  const fields = new Map(review.groups.flatMap((group) => group.changes.map((change) => [change.id, change.field])));
  return result.skipped.map((skip) => {
    const known = skipReasons.find((reason) => reason === skip.reason);
    const why = known === undefined ? skip.reason : t(`review.skipReasons.${known}`);
    const field = fields.get(skip.id);
    return `${field === undefined ? skip.id : fieldLabel(t, field)}: ${why}`;
  });
}

export function ReviewPage() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getReview, []);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<{ text: string; details: string[] } | null>(null);
  const [bulk, setBulk] = useState<{ pending: boolean; error: ApiError | null }>({ pending: false, error: null });
  const [reason, setReason] = useState('');

  function decided(text: string, details: string[] = []): void {
    setMessage({ text, details });
    setSelected(new Set());
    reload();
    refreshNavCounts();
  }

  function approve(input: { administrationId?: string; changeIds?: string[] }, review: Review): void {
    setBulk({ pending: true, error: null });
    approveMany({ ...input, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) }).then(
      (result) => {
        setBulk({ pending: false, error: null });
        decided(
          t('review.bulkDone', { count: result.approved, skipped: result.skipped.length }),
          skippedText(t, review, result),
        );
      },
      (error: unknown) => {
        setBulk({ pending: false, error: toApiError(error) });
      },
    );
  }

  const total = state.kind === 'ready' ? state.data.groups.reduce((sum, group) => sum + group.changes.length, 0) : 0;

  return (
    <Page title={t('pages.review.title')}>
      <p className="page-description">{t('pages.review.description')}</p>
      <div role="status" className="notice-area">
        {message === null ? null : (
          <div className="notice">
            <p>{message.text}</p>
            {message.details.length === 0 ? null : (
              <ul>
                {message.details.map((detail) => (
                  <li key={detail}>{detail}</li>
                ))}
              </ul>
            )}
          </div>
        )}
      </div>
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : (
        <>
          <SourceAlerts alerts={state.data.alerts} />
          {total === 0 ? (
            <p className="empty-state">{t('review.empty')}</p>
          ) : (
            <div className="toolbar" role="group" aria-label={t('review.bulkLabel')}>
              <TextField
                label={t('review.bulkReason')}
                name="bulkReason"
                value={reason}
                onChange={(event) => {
                  setReason(event.currentTarget.value);
                }}
              />
              <button
                type="button"
                className="primary"
                disabled={selected.size === 0 || bulk.pending}
                onClick={() => {
                  approve({ changeIds: [...selected] }, state.data);
                }}
              >
                {t('review.approveSelected', { count: selected.size })}
              </button>
            </div>
          )}
          {bulk.error === null ? null : (
            <p className="form-error" role="alert">
              {errorText(t, bulk.error)}
            </p>
          )}
          {state.data.groups
            .filter((group) => group.changes.length > 0)
            .map((group) => (
              <ReviewGroup
                key={group.administrationId}
                group={group}
                selected={selected}
                pending={bulk.pending}
                onSelect={(id, value) => {
                  const next = new Set(selected);
                  if (value) next.add(id);
                  else next.delete(id);
                  setSelected(next);
                }}
                onApproveAll={() => {
                  approve({ administrationId: group.administrationId }, state.data);
                }}
                onDecided={(text) => {
                  decided(text);
                }}
              />
            ))}
        </>
      )}
    </Page>
  );
}
