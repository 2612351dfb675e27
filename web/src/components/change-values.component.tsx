// The values of one held change: old → new, or for a conflict all three (synchronised, portal now, CRM new).
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
