// What a panel shows while its data loads or when loading failed (with a retry).
import { useTranslation } from 'react-i18next';

import { ErrorAlert } from './feedback.component.js';

import type { Loaded } from '../use-load.js';

export function LoadState({
  state,
  onRetry,
}: {
  state: Exclude<Loaded<unknown>, { kind: 'ready' }>;
  onRetry: () => void;
}) {
  const { t } = useTranslation();
  if (state.kind === 'loading') return <p role="status">{t('app.loading')}</p>;
  return (
    <div className="load-error">
      <ErrorAlert error={state.error} />
      <button type="button" onClick={onRetry}>
        {t('app.retry')}
      </button>
    </div>
  );
}
