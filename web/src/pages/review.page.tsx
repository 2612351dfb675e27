// Review queue: a server page of held changes by administration, decisions per field, bulk decisions, source alerts.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { decideMany, getReview } from '../api/review.api.js';
import { ErrorAlert } from '../components/feedback.component.js';
import { LoadState } from '../components/load-state.component.js';
import { Page } from '../components/page.component.js';
import { Pager } from '../components/pager.component.js';
import { ReviewGroup } from '../components/review-group.component.js';
import { SourceAlerts } from '../components/source-alerts.component.js';
import { TextField } from '../components/text-field.component.js';
import { refreshNavCounts } from '../nav-counts.js';
import { fieldLabel } from '../sync-fields.js';
import { useAction } from '../use-action.js';
import { useLoad } from '../use-load.js';

import type { TFunction } from 'i18next';
import type { BulkInput, BulkResult, Review } from '../api/review.api.js';

const skipReasons = [
  'value_invalid',
  'invalid_value',
  'change_not_open',
  'not_open',
  'conflict',
  'clear_not_included',
] as const;

const PAGE_SIZE = 50;

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
  bulk: ReturnType<typeof useBulkApproval>;
  review: Review;
};

function BulkToolbar({ bulk, review }: BulkToolbarProps) {
  const { t } = useTranslation();
  const count = bulk.selected.size;
  const disabled = count === 0 || bulk.pending;
  return (
    <div className="toolbar" role="group" aria-label={t('review.bulkLabel')}>
      <TextField label={t('review.bulkReason')} name="bulkReason" value={bulk.reason} onValue={bulk.setReason} />
      <label className="checkbox">
        <input
          type="checkbox"
          checked={bulk.includeClears}
          onChange={(event) => {
            bulk.setIncludeClears(event.currentTarget.checked);
          }}
        />{' '}
        {t('review.includeClears')}
      </label>
      <button
        type="button"
        className="primary"
        disabled={disabled}
        onClick={() => {
          bulk.decide('approve', { changeIds: [...bulk.selected] }, review);
        }}
      >
        {t('review.approveSelected', { count })}
      </button>
      <button
        type="button"
        disabled={disabled}
        onClick={() => {
          bulk.decide('reject', { changeIds: [...bulk.selected] }, review);
        }}
      >
        {t('review.rejectSelected', { count })}
      </button>
    </div>
  );
}

/** Selection, bulk reason and bulk approval: kept by the page, so they survive the queue being read again. */
function useBulkApproval(onDecided: (text: string, details: string[]) => void) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [reason, setReason] = useState('');
  const [includeClears, setIncludeClears] = useState(false);
  const bulk = useAction();

  function decided(text: string, details: string[] = []): void {
    onDecided(text, details);
    setSelected(new Set());
  }

  function decide(decision: 'approve' | 'reject', input: BulkInput, review: Review): void {
    bulk.run(
      () =>
        decideMany(decision, {
          ...input,
          includeClears,
          ...(reason.trim() === '' ? {} : { reason: reason.trim() }),
        }),
      (result) => {
        const skipped = result.skipped.length;
        const text =
          decision === 'approve'
            ? t('review.bulkDone', { count: result.approved, skipped })
            : t('review.bulkRejected', { count: result.rejected, skipped });
        decided(
          result.skippedClears === 0 ? text : `${text} ${t('review.skippedClears', { count: result.skippedClears })}`,
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

  return {
    selected,
    select,
    reason,
    setReason,
    includeClears,
    setIncludeClears,
    pending: bulk.pending,
    error: bulk.error,
    decide,
    decided,
  };
}

/** The loaded queue: alerts, bulk approval of the selected changes, and the changes per administration. */
type ReviewQueueProps = { review: Review; bulk: ReturnType<typeof useBulkApproval>; onPage: (page: number) => void };

function ReviewQueue({ review, bulk, onPage }: ReviewQueueProps) {
  const { t } = useTranslation();
  const { selected } = bulk;
  const { total } = review.page;

  return (
    <>
      {review.writeMode === undefined ? null : (
        <p className="field-hint" data-testid="review-write-mode">
          {t(`writeMode.review.${review.writeMode}`)}
        </p>
      )}
      <SourceAlerts alerts={review.alerts} />
      {total === 0 ? <p className="empty-state">{t('review.empty')}</p> : <BulkToolbar bulk={bulk} review={review} />}
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
              bulk.decide('approve', { administrationId: group.administrationId }, review);
            }}
            onDecided={(text) => {
              bulk.decided(text);
            }}
          />
        ))}
      {total <= review.page.size && review.page.page === 1 ? null : (
        <Pager
          page={review.page.page}
          size={review.page.size}
          total={total}
          position={(pages) => t('review.pager.position', { page: review.page.page, pages, total })}
          onPage={onPage}
        />
      )}
    </>
  );
}

export function ReviewPage() {
  const { t } = useTranslation();
  const [page, setPage] = useState(1);
  const { state, reload } = useLoad(() => getReview({ page, size: PAGE_SIZE }), [page]);
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
        <ReviewQueue
          review={state.data}
          bulk={bulk}
          onPage={(next) => {
            setPage(next);
            window.scrollTo({ top: 0 });
          }}
        />
      )}
    </Page>
  );
}
