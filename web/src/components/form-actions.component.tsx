// A form's submit button (shown as primary, disabled while pending), followed by Cancel where the form can be left.
import { useTranslation } from 'react-i18next';

type FormActionsProps = { submitLabel: string; pending: boolean; onCancel?: () => void };

export function FormActions({ submitLabel, pending, onCancel }: FormActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="actions">
      <button type="submit" className="primary" disabled={pending}>
        {submitLabel}
      </button>
      {onCancel === undefined ? null : (
        <button type="button" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      )}
    </div>
  );
}
