// A modal confirmation (native <dialog>): title, explanation, confirm and cancel; Escape cancels.
import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from './feedback.component.js';

import type { ReactNode } from 'react';
import type { ApiError } from '../api.js';

type ConfirmDialogProps = {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending: boolean;
  error: ApiError | null;
  onConfirm: () => void;
  onCancel: () => void;
};

export function ConfirmDialog(props: ConfirmDialogProps) {
  const { open, title, children, confirmLabel, pending, error, onConfirm, onCancel } = props;
  const { t } = useTranslation();
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (element === null) return;
    if (open && !element.open) element.showModal();
    if (!open && element.open) element.close();
  }, [open]);

  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault(); // Escape: let React state close it, so open and shown never disagree
        onCancel();
      }}
    >
      <h2 id={titleId}>{title}</h2>
      {children}
      <ErrorAlert error={error} />
      <div className="actions">
        <button type="button" className="danger" disabled={pending} onClick={onConfirm}>
          {confirmLabel}
        </button>
        <button type="button" onClick={onCancel} autoFocus>
          {t('common.cancel')}
        </button>
      </div>
    </dialog>
  );
}
