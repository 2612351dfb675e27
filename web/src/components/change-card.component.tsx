// One held change: values, remarks, source and history, and the decisions approve, reject, edit-then-approve.
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { toApiError } from '../api.js';
import { approveChange, rejectChange } from '../api/review.api.js';
import { errorText } from '../error-text.js';
import { displayValue, formatDateTime } from '../format.js';
import { fieldLabel, invalidReasonText } from '../sync-fields.js';
import { ChangeValues } from './change-values.component.js';
import { TextField } from './text-field.component.js';

import type { ApiError } from '../api.js';
import type { Change } from '../api/review.api.js';

type ChangeCardProps = {
  change: Change;
  selected: boolean;
  onSelect: (selected: boolean) => void;
  /** After a decision (or after finding someone else decided first): the queue is read again. */
  onDecided: (message: string) => void;
};

const knownStates = ['pending', 'conflict', 'failed'] as const;

export function ChangeCard({ change, selected, onSelect, onDecided }: ChangeCardProps) {
  const { t } = useTranslation();
  const headingId = useId();
  const [reason, setReason] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [busy, setBusy] = useState<{ pending: boolean; error: ApiError | null }>({ pending: false, error: null });
  const label = fieldLabel(t, change.field);
  const state = knownStates.find((known) => known === change.state);

  function decide(work: Promise<void>, done: string): void {
    setBusy({ pending: true, error: null });
    work.then(
      () => {
        setBusy({ pending: false, error: null });
        onDecided(done);
      },
      (failure: unknown) => {
        const error = toApiError(failure);
        setBusy({ pending: false, error });
        if (error.code === 'change_not_open') onDecided(t('review.alreadyDecided', { field: label }));
      },
    );
  }
  const withReason = reason.trim() === '' ? {} : { reason: reason.trim() };
  // A refused value says why in the reader's language (the server sends the reason code of src/core).
  const valueError =
    busy.error?.code === 'value_invalid'
      ? t('review.valueInvalid', {
          detail:
            busy.error.reason === null ? busy.error.message : invalidReasonText(t, change.field, busy.error.reason),
        })
      : null;
  const conflict = change.state === 'conflict';

  return (
    <article className={`change change-${change.state}`} aria-labelledby={headingId}>
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
      <ChangeValues change={change} />
      {change.invalidReason === null ? null : (
        <p className="remark">
          {t('review.remark')} {invalidReasonText(t, change.field, change.invalidReason)}
        </p>
      )}
      {change.lastError === null ? null : (
        <p className="remark">{t('review.lastError', { error: change.lastError })}</p>
      )}
      <p className="field-hint">
        {t('review.source', { record: change.sourceExternalId, at: formatDateTime(change.detectedAt) })}
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
      {busy.error === null || (valueError !== null && editing !== null) ? null : (
        <p className="form-error" role="alert">
          {valueError ?? errorText(t, busy.error)}
        </p>
      )}
      {editing === null ? null : (
        <TextField
          label={t('review.editValue')}
          name="value"
          value={editing}
          onChange={(event) => {
            setEditing(event.currentTarget.value);
          }}
          error={valueError ?? undefined}
        />
      )}
      <TextField
        label={t('review.reason')}
        name="reason"
        value={reason}
        onChange={(event) => {
          setReason(event.currentTarget.value);
        }}
      />
      <div className="actions">
        {editing === null ? (
          <>
            <button
              type="button"
              className="primary"
              disabled={busy.pending}
              onClick={() => {
                decide(approveChange(change.id, withReason), t('review.approved', { field: label }));
              }}
            >
              {conflict ? t('review.useCrmValue') : t('review.approve')}
            </button>
            <button
              type="button"
              disabled={busy.pending}
              onClick={() => {
                decide(rejectChange(change.id, withReason), t('review.rejected', { field: label }));
              }}
            >
              {conflict ? t('review.keepPortalValue') : t('review.reject')}
            </button>
            <button
              type="button"
              disabled={busy.pending}
              onClick={() => {
                setEditing(change.newValue ?? '');
              }}
            >
              {t('review.edit')}
            </button>
          </>
        ) : (
          <>
            <button
              type="button"
              className="primary"
              disabled={busy.pending}
              onClick={() => {
                decide(
                  approveChange(change.id, { ...withReason, value: editing }),
                  t('review.approvedEdited', { field: label }),
                );
              }}
            >
              {t('review.approveEdited')}
            </button>
            <button
              type="button"
              onClick={() => {
                setEditing(null);
                setBusy({ pending: false, error: null });
              }}
            >
              {t('common.cancel')}
            </button>
          </>
        )}
      </div>
    </article>
  );
}
