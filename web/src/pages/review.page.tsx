// Review queue: held changes by administration, decisions per field, bulk approval, and source alerts.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { approveMany, getReview } from '../api/review.api.js';
import { ErrorAlert } from '../components/feedback.component.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { ReviewGroup } from '../components/review-group.component.js';
import { SourceAlerts } from '../components/source-alerts.component.js';
import { TextField } from '../components/text-field.component.js';
import { refreshNavCounts } from '../nav-counts.js';
import { fieldLabel } from '../sync-fields.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';

import type { TFunction } from 'i18next';
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

type Message = { text: string; details: string[] };

function ReviewNotice({ message }: { message: Message | null }) {
  return (
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
  );
}

type BulkToolbarProps = {
  reason: string;
  onReason: (reason: string) => void;
  count: number;
  disabled: boolean;
  onApprove: () => void;
};

function BulkToolbar({ reason, onReason, count, disabled, onApprove }: BulkToolbarProps) {
  const { t } = useTranslation();
  return (
    <div className="toolbar" role="group" aria-label={t('review.bulkLabel')}>
      <TextField label={t('review.bulkReason')} name="bulkReason" value={reason} onValue={onReason} />
      <button type="button" className="primary" disabled={disabled} onClick={onApprove}>
        {t('review.approveSelected', { count })}
      </button>
    </div>
  );
}

/** Selection, bulk reason and bulk approval: kept by the page, so they survive the queue being read again. */
function useBulkApproval(onDecided: (text: string, details: string[]) => void) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const bulk = useAction();

  function decided(text: string, details: string[] = []): void {
    onDecided(text, details);
    setSelected(new Set());
  }

  function approve(input: { administrationId?: string; changeIds?: string[] }, review: Review): void {
    bulk.run(
      () => approveMany({ ...input, ...(reason.trim() === '' ? {} : { reason: reason.trim() }) }),
      (result) => {
        decided(
          t('review.bulkDone', { count: result.approved, skipped: result.skipped.length }),
          skippedText(t, review, result),
        );
      },
    );
  }

  function select(id: string, value: boolean): void {
    const next = new Set(selected);
    if (value) next.add(id);
    else next.delete(id);
    setSelected(next);
  }

  return { selected, select, reason, setReason, pending: bulk.pending, error: bulk.error, approve, decided };
}

/** The loaded queue: alerts, bulk approval of the selected changes, and the changes per administration. */
function ReviewQueue({ review, bulk }: { review: Review; bulk: ReturnType<typeof useBulkApproval> }) {
  const { t } = useTranslation();
  const { selected } = bulk;
  const total = review.groups.reduce((sum, group) => sum + group.changes.length, 0);

  return (
    <>
      {review.writeMode === undefined ? null : (
        <p className="field-hint" data-testid="review-write-mode">
          {t(`writeMode.review.${review.writeMode}`)}
        </p>
      )}
      <SourceAlerts alerts={review.alerts} />
      {total === 0 ? (
        <p className="empty-state">{t('review.empty')}</p>
      ) : (
        <BulkToolbar
          reason={bulk.reason}
          onReason={bulk.setReason}
          count={selected.size}
          disabled={selected.size === 0 || bulk.pending}
          onApprove={() => {
            bulk.approve({ changeIds: [...selected] }, review);
          }}
        />
      )}
      <ErrorAlert error={bulk.error} />
      {review.groups
        .filter((group) => group.changes.length > 0)
        .map((group) => (
          <ReviewGroup
            key={group.administrationId}
            group={group}
            selected={selected}
            pending={bulk.pending}
            onSelect={bulk.select}
            onApproveAll={() => {
              bulk.approve({ administrationId: group.administrationId }, review);
            }}
            onDecided={(text) => {
              bulk.decided(text);
            }}
          />
        ))}
    </>
  );
}

export function ReviewPage() {
  const { t } = useTranslation();
  const { state, reload } = useLoad(getReview, []);
  const [message, setMessage] = useState<Message | null>(null);
  const bulk = useBulkApproval((text, details) => {
    setMessage({ text, details });
    reload();
    refreshNavCounts();
  });

  return (
    <Page title={t('pages.review.title')}>
      <p className="page-description">{t('pages.review.description')}</p>
      <ReviewNotice message={message} />
      {state.kind !== 'ready' ? (
        <LoadState state={state} onRetry={reload} />
      ) : (
        <ReviewQueue review={state.data} bulk={bulk} />
      )}
    </Page>
  );
}
