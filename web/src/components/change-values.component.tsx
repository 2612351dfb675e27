// The values of one held change: old → new, a clear (old value struck through), or for a conflict all three.
import { useTranslation } from 'react-i18next';

import { displayValue } from '../format.js';
import { ConnectionDetails } from './connection-details.component.js';

import type { Change } from '../api/review.api.js';

export function ChangeValues({ change }: { change: Change }) {
  const { t } = useTranslation();
  if (change.state === 'conflict') {
    return (
      <div className="conflict" data-testid="conflict">
        <p>{t('review.conflictExplained')}</p>
        <ConnectionDetails
          rows={[
            [t('review.values.synchronised'), displayValue(change.oldValue)],
            [t('review.values.portalNow'), displayValue(change.portalValue)],
            [t('review.values.crmNew'), displayValue(change.newValue)],
          ]}
        />
      </div>
    );
  }
  if (change.clear) {
    return (
      <div className="clear-change" data-testid="clear">
        <p>{t('review.clearExplained')}</p>
        <ConnectionDetails
          rows={[
            [t('review.values.old'), <s key="old">{displayValue(change.oldValue)}</s>],
            [t('review.values.new'), <strong key="new">{t('review.clear')}</strong>],
          ]}
        />
      </div>
    );
  }
  return (
    <ConnectionDetails
      rows={[
        [t('review.values.old'), displayValue(change.oldValue)],
        [t('review.values.new'), displayValue(change.newValue)],
        ...(change.rawValue !== null && change.rawValue !== change.newValue
          ? [[t('review.values.raw'), change.rawValue] as const]
          : []),
      ]}
    />
  );
}
