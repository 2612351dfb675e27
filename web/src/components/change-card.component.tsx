// One held change: values, remarks, source and history, and the decisions approve, reject, edit-then-approve.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { approveChange, rejectChange } from '../api/review.api.js';
import { errorText } from '../error-text.js';
import { displayValue, formatDateTime } from '../format.js';
import { fieldLabel, invalidReasonText } from '../sync-fields.js';
import { useAction } from '../use-action.js';
import { ChangeValues } from './change-values.component.js';
import { ConfirmDialog } from './confirm-dialog.component.js';
import { Alert } from './feedback.component.js';
import { TextField } from './text-field.component.js';

import type { TFunction } from 'i18next';
import type { Change } from '../api/review.api.js';
import type { ActionState } from '../use-action.js';

type ChangeCardProps = {
  change: Change;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** After a decision (or after finding someone else decided first): the queue is read again. */
  onDecided: (message: string) => void;
};

const knownStates = ['pending', 'conflict', 'failed'] as const;

/** A refused value says why in the reader's language (the server sends the reason code of src/core). */
function valueErrorText(t: TFunction, change: Change, busy: ActionState): string | null {
  if (busy.error?.code !== 'value_invalid') return null;
  const { reason, message } = busy.error;
  return t('review.valueInvalid', {
    detail: reason === null ? message : invalidReasonText(t, change.field, reason),
  });
}

type ChangeHeadProps = Pick<ChangeCardProps, 'change' | 'selected' | 'onSelect'> & {
  headingId: string;
  label: string;
};

function ChangeHead({ change, selected, onSelect, headingId, label }: ChangeHeadProps) {
  const { t } = useTranslation();
  const state = knownStates.find((known) => known === change.state);
  return (
    <div className="change-head">
      <label className="change-select">
        <input
          type="checkbox"
          checked={selected}
          onChange={(event) => {
            onSelect(event.currentTarget.checked);
          }}
        />{' '}
        {t('review.select')}
        <span className="visually-hidden"> {label}</span>
      </label>
      <h3 id={headingId}>{label}</h3>
      {state === undefined || state === 'pending' ? null : (
        <span className="state state-danger">{t(`review.states.${state}`)}</span>
      )}
    </div>
  );
}

/** Why the change was held or failed, where it came from, and the values seen before. */
function ChangeRemarks({ change }: { change: Change }) {
  const { t } = useTranslation();
  return (
    <>
      {change.invalidReason === null ? null : (
        <p className="remark">
          {t('review.remark')} {invalidReasonText(t, change.field, change.invalidReason)}
        </p>
      )}
      {change.lastError === null ? null : (
        <p className="remark">{t('review.lastError', { error: change.lastError })}</p>
      )}
      {change.lastErrorCode === null ? null : <p className="remark">{t(`review.failure.${change.lastErrorCode}`)}</p>}
      <p className="field-hint">
        {change.crmLink === null ? (
          t('review.source', {
            record: change.crmName ?? change.sourceExternalId,
            at: formatDateTime(change.detectedAt),
          })
        ) : (
          <a href={change.crmLink} target="_blank" rel="noreferrer">
            {t('review.source', {
              record: change.crmName ?? change.sourceExternalId,
              at: formatDateTime(change.detectedAt),
            })}
          </a>
        )}
      </p>
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

/** A decision's call; a change someone else decided first also counts as decided (the queue is read again). */
function useDecision(label: string, onDecided: (message: string) => void) {
  const { t } = useTranslation();
  const action = useAction();
  return {
    ...action,
    decide: (work: () => Promise<void>, done: string): void => {
      action.run(
        work,
        () => {
          onDecided(done);
        },
        (error) => {
          if (error.code === 'change_not_open') onDecided(t('review.alreadyDecided', { field: label }));
        },
      );
    },
  };
}

type ChangeActionsProps = {
  change: Change;
  label: string;
  reason: string;
  editing: string | null;
  setEditing: (value: string | null) => void;
  decision: ReturnType<typeof useDecision>;
  /** A clear is approved only after its own confirmation. */
  onConfirmClear: () => void;
};

type Choice = { label: string; primary?: boolean; disabled?: boolean; onClick: () => void };

function ChangeActions({ change, label, reason, editing, setEditing, decision, onConfirmClear }: ChangeActionsProps) {
  const { t } = useTranslation();
  const { pending, decide } = decision;
  const withReason = reason.trim() === '' ? {} : { reason: reason.trim() };
  const conflict = change.state === 'conflict';
  const choices: Choice[] =
    editing === null
      ? [
          {
            label: conflict ? t('review.useCrmValue') : t('review.approve'),
            primary: true,
            disabled: pending,
            onClick: () => {
              if (change.clear) onConfirmClear();
              else decide(() => approveChange(change.id, withReason), t('review.approved', { field: label }));
            },
          },
          {
            label: conflict ? t('review.keepPortalValue') : t('review.reject'),
            disabled: pending,
            onClick: () => {
              decide(() => rejectChange(change.id, withReason), t('review.rejected', { field: label }));
            },
          },
          {
            label: t('review.edit'),
            disabled: pending,
            onClick: () => {
              setEditing(change.newValue ?? '');
            },
          },
        ]
      : [
          {
            label: t('review.approveEdited'),
            primary: true,
            disabled: pending,
            onClick: () => {
              decide(
                () => approveChange(change.id, { ...withReason, value: editing }),
                t('review.approvedEdited', { field: label }),
              );
            },
          },
          {
            label: t('common.cancel'),
            onClick: () => {
              setEditing(null);
              decision.reset();
            },
          },
        ];
  return (
    <div className="actions">
      {/* By position, as the two sets of buttons share their places (focus stays on a button that stays). */}
      {choices.map((choice, index) => (
        <button
          key={index}
          type="button"
          className={choice.primary === true ? 'primary' : undefined}
          disabled={choice.disabled}
          onClick={choice.onClick}
        >
          {choice.label}
        </button>
      ))}
    </div>
  );
}

export function ChangeCard({ change, selected, onSelect, onDecided }: ChangeCardProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const label = fieldLabel(t, change.field);
  const decision = useDecision(label, onDecided);
  const valueError = valueErrorText(t, change, decision);
  const [confirmingClear, setConfirmingClear] = useState(false);

  return (
    <article className={`change change-${change.state}`} aria-labelledby={headingId} data-testid="list-row">
      <ChangeHead change={change} selected={selected} onSelect={onSelect} headingId={headingId} label={label} />
      <ChangeValues change={change} />
      <ChangeRemarks change={change} />
      {decision.error === null || (valueError !== null && editing !== null) ? null : (
        <Alert>{valueError ?? errorText(t, decision.error)}</Alert>
      )}
      {editing === null ? null : (
        <TextField
          label={t('review.editValue')}
          name="value"
          value={editing}
          onValue={setEditing}
          error={valueError ?? undefined}
        />
      )}
      <TextField label={t('review.reason')} name="reason" value={reason} onValue={setReason} />
      <ChangeActions
        change={change}
        label={label}
        reason={reason}
        editing={editing}
        setEditing={setEditing}
        decision={decision}
        onConfirmClear={() => {
          setConfirmingClear(true);
        }}
      />
      <ConfirmDialog
        open={confirmingClear}
        title={t('review.clearTitle', { field: label })}
        confirmLabel={t('review.clearConfirm')}
        pending={decision.pending}
        error={null}
        onConfirm={() => {
          setConfirmingClear(false);
          const withReason = reason.trim() === '' ? {} : { reason: reason.trim() };
          decision.decide(
            () => approveChange(change.id, { ...withReason, confirmClear: true }),
            t('review.cleared', { field: label }),
          );
        }}
        onCancel={() => {
          setConfirmingClear(false);
        }}
      >
        <p>{t('review.clearBody', { value: change.oldValue ?? '' })}</p>
      </ConfirmDialog>
    </article>
  );
}
