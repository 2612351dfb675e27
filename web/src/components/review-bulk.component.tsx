// The review queue's bulk toolbar: select the page, approve or reject the selection or every change matching the
// filter after a confirmation that states the counts, and the result shown right here at the toolbar.
import { Alert, Checkbox, Group, List, Paper, Stack, Text, TextInput } from '@mantine/core';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { decideMany } from '../api/review.api.js';
import { formatCount } from '../format.js';
import { checkedTo, valueTo } from '../input-events.js';
import { useAfterDecision } from '../review-queries.js';
import { fieldLabel } from '../sync-fields.js';
import { ActionRow } from './action-row.component.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { ErrorAlert } from './feedback.component.js';

import type { TFunction } from 'i18next';
import type { ReviewFilter } from '../../../src/contract/review.contract.js';
import type { BulkInput, BulkResult, Change, Review } from '../api/review.api.js';

type Decision = 'approve' | 'reject';
/** What a confirmation is about: the counts it states and the selection it sends. */
type Pending = {
  decision: Decision;
  changes: number;
  administrations: number;
  clears: number;
  selection: Pick<BulkInput, 'changeIds' | 'filter' | 'expectedCount'>;
};
type Outcome = { kind: 'done' | 'changed'; text: string; details: string[] };

const SHOWN_SKIPS = 10;

/** The result in words; skipped changes named by administration and field (clears are counted, not listed). */
function outcomeOf(t: TFunction, decision: Decision, result: BulkResult): Outcome {
  const count = decision === 'approve' ? result.approved : result.rejected;
  const words = { count, formatted: formatCount(count), skippedFormatted: formatCount(result.skipped.length) };
  const done = decision === 'approve' ? t('review.bulkDone', words) : t('review.bulkRejected', words);
  const clears =
    result.skippedClears === 0
      ? ''
      : ` ${t('review.skippedClears', { count: result.skippedClears, formatted: formatCount(result.skippedClears) })}`;
  const named = result.skipped
    .filter((skip) => skip.reason !== 'clear_not_included')
    .map((skip) =>
      skip.administrationName === null || skip.field === null
        ? t('review.skippedGone')
        : t('review.skippedChange', {
            administration: skip.administrationName,
            field: fieldLabel(t, skip.field),
            reason: t(`review.skipReasons.${skip.reason}`),
          }),
    );
  const rest = named.length - SHOWN_SKIPS;
  return {
    kind: 'done',
    text: `${done}${clears}`,
    details: rest > 0 ? [...named.slice(0, SHOWN_SKIPS), t('review.skippedMore', { count: rest })] : named,
  };
}

function pendingOfSelection(decision: Decision, selected: readonly Change[]): Pending {
  return {
    decision,
    changes: selected.length,
    administrations: new Set(selected.map((change) => change.administrationId)).size,
    clears: selected.filter((change) => change.clear).length,
    selection: { changeIds: selected.map((change) => change.id) },
  };
}

function pendingOfFilter(decision: Decision, review: Review, filter: ReviewFilter): Pending {
  return {
    decision,
    changes: review.page.total,
    administrations: review.matching.administrations,
    clears: review.matching.clears,
    selection: { filter, expectedCount: review.page.total },
  };
}

function ConfirmBody({ pending, includeClears }: { pending: Pending; includeClears: boolean }) {
  const { t } = useTranslation();
  return (
    <Stack gap="xs" data-testid="bulk-confirm-counts">
      <Text>
        {t(`review.confirm.${pending.decision}Counts`, {
          count: pending.changes,
          changes: formatCount(pending.changes),
          administrations: t('review.confirm.administrations', {
            count: pending.administrations,
            formatted: formatCount(pending.administrations),
          }),
        })}
      </Text>
      {pending.clears === 0 ? null : (
        <Text fw={600}>
          {t(includeClears ? 'review.confirm.clearsIncluded' : 'review.confirm.clearsExcluded', {
            count: pending.clears,
            formatted: formatCount(pending.clears),
          })}
        </Text>
      )}
    </Stack>
  );
}

function OutcomeAlert({ outcome, onClose }: { outcome: Outcome; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Alert
      role="status"
      color={outcome.kind === 'done' ? 'teal' : 'orange'}
      withCloseButton
      closeButtonLabel={t('review.close')}
      onClose={onClose}
    >
      <Text size="sm">{outcome.text}</Text>
      {outcome.details.length === 0 ? null : (
        <List size="sm" mt="xs">
          {outcome.details.map((detail, index) => (
            <List.Item key={index}>{detail}</List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}

/** The bulk mutation and its result; a filter that no longer matches the count shown reloads the page instead. */
function useBulkDecision(onDecided: () => void) {
  const { t } = useTranslation();
  const afterDecision = useAfterDecision();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const mutation = useMutation({
    mutationFn: ({ decision, input }: { decision: Decision; input: BulkInput }) => decideMany(decision, input),
    onMutate: () => {
      setOutcome(null);
    },
    onSuccess: (result, { decision }) => {
      setOutcome(outcomeOf(t, decision, result));
      onDecided();
      afterDecision();
    },
    onError: (error) => {
      const apiError = toApiError(error);
      if (apiError.code !== 'selection_changed') return;
      const now = Number(apiError.reason);
      setOutcome({
        kind: 'changed',
        text: t('review.selectionChanged', { count: now, formatted: formatCount(now) }),
        details: [],
      });
      afterDecision();
    },
  });
  const error = mutation.error === null ? null : toApiError(mutation.error);
  return { mutation, outcome, setOutcome, error: error?.code === 'selection_changed' ? null : error };
}

type BulkButtonsProps = {
  review: Review;
  filter: ReviewFilter;
  selected: readonly Change[];
  busy: boolean;
  onPending: (pending: Pending) => void;
};

/** Approve or reject the selection on this page, or every change matching the filter (each asks first). */
function BulkButtons({ review, filter, selected, busy, onPending }: BulkButtonsProps) {
  const { t } = useTranslation();
  const count = selected.length;
  const total = review.page.total;
  const formatted = formatCount(total);
  const ask = (pending: Pending) => () => {
    onPending(pending);
  };
  return (
    <ActionRow
      actions={[
        {
          label: t('review.approveSelected', { count }),
          disabled: count === 0 || busy,
          onClick: ask(pendingOfSelection('approve', selected)),
        },
        {
          label: t('review.rejectSelected', { count }),
          variant: 'default',
          disabled: count === 0 || busy,
          onClick: ask(pendingOfSelection('reject', selected)),
        },
        {
          label: t('review.approveMatching', { count: total, formatted }),
          variant: 'light',
          disabled: busy,
          onClick: ask(pendingOfFilter('approve', review, filter)),
        },
        {
          label: t('review.rejectMatching', { count: total, formatted }),
          variant: 'light',
          color: 'red',
          disabled: busy,
          onClick: ask(pendingOfFilter('reject', review, filter)),
        },
      ]}
    />
  );
}

type PageSelectProps = { pageCount: number; count: number; total: number; onSelectPage: (all: boolean) => void };

/** The header checkbox: everything on this page, none, or (indeterminate) some. */
function PageSelect({ pageCount, count, total, onSelectPage }: PageSelectProps) {
  const { t } = useTranslation();
  const all = count > 0 && count === pageCount;
  return (
    <Group gap="md" align="center" wrap="wrap">
      <Checkbox
        label={t('review.selectPage', { count: pageCount })}
        checked={all}
        indeterminate={count > 0 && !all}
        onChange={(event) => {
          onSelectPage(event.currentTarget.checked && !all);
        }}
      />
      <Text size="sm" c="dimmed" aria-live="polite">
        {t('review.selectedCount', { count, formatted: formatCount(count), total: formatCount(total) })}
      </Text>
    </Group>
  );
}

type ReviewBulkProps = {
  review: Review;
  filter: ReviewFilter;
  pageChanges: readonly Change[];
  selected: readonly Change[];
  onSelectPage: (all: boolean) => void;
  onDecided: () => void;
};

export function ReviewBulk({ review, filter, pageChanges, selected, onSelectPage, onDecided }: ReviewBulkProps) {
  const { t } = useTranslation();
  const [reason, setReason] = useState('');
  const [includeClears, setIncludeClears] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);
  const bulk = useBulkDecision(onDecided);
  const count = selected.length;
  const total = review.page.total;
  const busy = bulk.mutation.isPending;
  // A decision that emptied the queue (or this filter) still shows its result here.
  if (total === 0 && bulk.outcome === null) return null;

  function confirm(): void {
    if (pending === null) return;
    const trimmed = reason.trim();
    bulk.mutation.mutate(
      {
        decision: pending.decision,
        input: { ...pending.selection, includeClears, ...(trimmed === '' ? {} : { reason: trimmed }) },
      },
      {
        onSettled: () => {
          setPending(null);
        },
      },
    );
  }

  return (
    <Paper withBorder p="sm" component="section" aria-label={t('review.bulkLabel')} data-testid="review-toolbar">
      <Stack gap="sm">
        {total === 0 ? null : (
          <>
            <PageSelect pageCount={pageChanges.length} count={count} total={total} onSelectPage={onSelectPage} />
            <Group gap="sm" align="flex-end" wrap="wrap">
              <TextInput
                label={t('review.bulkReason')}
                value={reason}
                onChange={valueTo(setReason)}
                style={{ flex: '1 1 16rem' }}
              />
              <Checkbox
                label={t('review.includeClears')}
                checked={includeClears}
                onChange={checkedTo(setIncludeClears)}
              />
            </Group>
            <BulkButtons review={review} filter={filter} selected={selected} busy={busy} onPending={setPending} />
          </>
        )}
        <ErrorAlert error={bulk.error} />
        {bulk.outcome === null ? null : (
          <OutcomeAlert
            outcome={bulk.outcome}
            onClose={() => {
              bulk.setOutcome(null);
            }}
          />
        )}
      </Stack>
      <ConfirmDialog
        open={pending !== null}
        title={pending === null ? '' : t(`review.confirm.${pending.decision}Title`)}
        confirmLabel={pending === null ? '' : t(`review.confirm.${pending.decision}`)}
        pending={busy}
        error={null}
        onConfirm={confirm}
        onCancel={() => {
          setPending(null);
        }}
      >
        {pending === null ? null : <ConfirmBody pending={pending} includeClears={includeClears} />}
      </ConfirmDialog>
    </Paper>
  );
}
