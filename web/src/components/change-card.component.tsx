// One held change: values, remarks, source and history, and the decisions approve, reject, edit-then-approve.
import { Badge, Checkbox, Group, Paper, Stack, Text, TextInput, Title, VisuallyHidden } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { approveChange, rejectChange } from '../api/review.api.js';
import { errorText } from '../error-text.js';
import { displayValue, formatDateTime } from '../format.js';
import { checkedTo, valueTo } from '../input-events.js';
import { useAfterDecision } from '../review-queries.js';
import { fieldLabel, invalidReasonText } from '../sync-fields.js';
import { ActionRow } from './action-row.component.js';
import { ChangeValues } from './change-values.component.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { Alert } from './feedback.component.js';
import { RunFailure } from './run-failure.component.js';

import type { TFunction } from 'i18next';
import type { ApiError } from '../api.js';
import type { Change } from '../api/review.api.js';

type ChangeCardProps = {
  change: Change;
  selected: boolean;
  onSelect: (selected: boolean) => void;
};

const knownStates = ['pending', 'conflict', 'failed'] as const;

/** A refused value says why in the reader's language (the server sends the reason code of src/core). */
function valueErrorText(t: TFunction, change: Change, error: ApiError | null): string | null {
  if (error?.code !== 'value_invalid') return null;
  if (error.reason === null) return t('errors.value_invalid');
  return t('review.valueInvalid', { detail: invalidReasonText(t, change.field, error.reason) });
}

/** The result where the user is: a notification, whatever the scroll position (announced politely). */
function announce(message: string): void {
  notifications.show({ message, role: 'status', color: 'teal', autoClose: 8000 });
}

/** Why writing the change to Yuki failed: what a person must do when that is known, else the failure in words. */
function WriteFailure({ change }: { change: Change }) {
  const { t } = useTranslation();
  if (change.lastFailure === null) return null;
  return (
    <Text size="sm" c="red.9">
      {t('review.lastError')}{' '}
      {change.lastErrorCode === null ? (
        <RunFailure failure={change.lastFailure} system="Yuki" />
      ) : (
        t(`review.failure.${change.lastErrorCode}`)
      )}
    </Text>
  );
}

/** Why the change was held or failed, where it came from (by name, linked), and the values seen before. */
function ChangeRemarks({ change }: { change: Change }) {
  const { t } = useTranslation();
  const source = t('review.source', {
    record: change.crmName ?? t('review.unnamedRecord'),
    at: formatDateTime(change.detectedAt),
  });
  return (
    <>
      {change.invalidReason === null ? null : (
        <Text size="sm" c="red.9">
          {t('review.remark')} {invalidReasonText(t, change.field, change.invalidReason)}
        </Text>
      )}
      <WriteFailure change={change} />
      <Text size="sm" c="dimmed">
        {change.crmLink === null ? (
          source
        ) : (
          <a href={change.crmLink} target="_blank" rel="noreferrer">
            {source}
          </a>
        )}
      </Text>
      {change.history.length > 1 ? (
        <details className="history">
          <summary>{t('review.history', { count: change.history.length })}</summary>
          <ol>
            {change.history.map((entry) => (
              <li key={`${entry.at}-${entry.value ?? ''}`}>
                <time dateTime={entry.at}>{formatDateTime(entry.at)}</time>: {displayValue(entry.value)}
                {entry.raw !== null && entry.raw !== entry.value ? ` (${entry.raw})` : ''}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
    </>
  );
}

type Decide = { decision: 'approve' | 'reject'; value?: string; confirmClear?: boolean; done: string };

/** One decision on this change; a change someone else decided first also counts as decided (the queue is re-read). */
function useDecision(change: Change, label: string, reason: string) {
  const { t } = useTranslation();
  const afterDecision = useAfterDecision();
  return useMutation({
    mutationFn: async ({ decision, value, confirmClear }: Decide) => {
      const withReason = reason.trim() === '' ? {} : { reason: reason.trim() };
      if (decision === 'reject') return rejectChange(change.id, withReason);
      return approveChange(change.id, {
        ...withReason,
        ...(value === undefined ? {} : { value }),
        ...(confirmClear === true ? { confirmClear } : {}),
      });
    },
    onSuccess: (_result, { done }) => {
      announce(done);
      afterDecision();
    },
    onError: (error) => {
      if (toApiError(error).code !== 'change_not_open') return;
      announce(t('review.alreadyDecided', { field: label }));
      afterDecision();
    },
  });
}

type ActionsProps = {
  change: Change;
  label: string;
  editing: string | null;
  setEditing: (value: string | null) => void;
  decision: ReturnType<typeof useDecision>;
  onConfirmClear: () => void;
};

function ChangeActions({ change, label, editing, setEditing, decision, onConfirmClear }: ActionsProps) {
  const { t } = useTranslation();
  const busy = decision.isPending;
  const conflict = change.state === 'conflict';
  const decide = (decide: Decide) => () => {
    decision.mutate(decide);
  };
  if (editing !== null) {
    return (
      <ActionRow
        actions={[
          {
            label: t('review.approveEdited'),
            disabled: busy,
            onClick: decide({
              decision: 'approve',
              value: editing,
              done: t('review.approvedEdited', { field: label }),
            }),
          },
          {
            label: t('common.cancel'),
            variant: 'default',
            onClick: () => {
              setEditing(null);
              decision.reset();
            },
          },
        ]}
      />
    );
  }
  const approve = decide({ decision: 'approve', done: t('review.approved', { field: label }) });
  return (
    <ActionRow
      actions={[
        {
          label: conflict ? t('review.useCrmValue') : t('review.approve'),
          disabled: busy,
          onClick: change.clear ? onConfirmClear : approve,
        },
        {
          label: conflict ? t('review.keepPortalValue') : t('review.reject'),
          variant: 'default',
          disabled: busy,
          onClick: decide({ decision: 'reject', done: t('review.rejected', { field: label }) }),
        },
        {
          label: t('review.edit'),
          variant: 'subtle',
          disabled: busy,
          onClick: () => {
            setEditing(change.newValue ?? '');
          },
        },
      ]}
    />
  );
}

function ChangeHead({
  change,
  label,
  headingId,
  selected,
  onSelect,
}: ChangeCardProps & { label: string; headingId: string }) {
  const { t } = useTranslation();
  const state = knownStates.find((known) => known === change.state);
  return (
    <Group gap="sm" justify="space-between" wrap="wrap">
      <Title order={3} id={headingId} fz="md">
        {label}
      </Title>
      <Group gap="sm">
        {state === undefined || state === 'pending' ? null : <Badge color="red">{t(`review.states.${state}`)}</Badge>}
        <Checkbox
          checked={selected}
          onChange={checkedTo(onSelect)}
          label={
            <>
              {t('review.select')}
              <VisuallyHidden> {label}</VisuallyHidden>
            </>
          }
        />
      </Group>
    </Group>
  );
}

export function ChangeCard({ change, selected, onSelect }: ChangeCardProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [confirmingClear, clearConfirm] = useDisclosure(false);
  const label = fieldLabel(t, change.field);
  const decision = useDecision(change, label, reason);
  const error = decision.error === null ? null : toApiError(decision.error);
  const valueError = valueErrorText(t, change, error);
  const hideError = error === null || error.code === 'change_not_open' || (valueError !== null && editing !== null);

  return (
    <Paper
      component="article"
      withBorder
      p="sm"
      aria-labelledby={headingId}
      data-testid="list-row"
      className={`change change-${change.state}`}
    >
      <Stack gap="xs">
        <ChangeHead change={change} label={label} headingId={headingId} selected={selected} onSelect={onSelect} />
        <ChangeValues change={change} />
        <ChangeRemarks change={change} />
        {hideError ? null : <Alert>{valueError ?? errorText(t, error)}</Alert>}
        {editing === null ? null : (
          <TextInput
            label={t('review.editValue')}
            value={editing}
            onChange={valueTo(setEditing)}
            error={valueError ?? undefined}
          />
        )}
        <TextInput label={t('review.reason')} value={reason} onChange={valueTo(setReason)} />
        <ChangeActions
          change={change}
          label={label}
          editing={editing}
          setEditing={setEditing}
          decision={decision}
          onConfirmClear={clearConfirm.open}
        />
      </Stack>
      <ConfirmDialog
        open={confirmingClear}
        title={t('review.clearTitle', { field: label })}
        confirmLabel={t('review.clearConfirm')}
        pending={decision.isPending}
        error={null}
        onConfirm={() => {
          clearConfirm.close();
          decision.mutate({ decision: 'approve', confirmClear: true, done: t('review.cleared', { field: label }) });
        }}
        onCancel={clearConfirm.close}
      >
        <Text>{t('review.clearBody', { value: change.oldValue ?? '' })}</Text>
      </ConfirmDialog>
    </Paper>
  );
}
