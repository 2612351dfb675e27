// Linked CRM records that were deleted or merged in the CRM: shown to a person, never propagated.
import { useTranslation } from 'react-i18next';

import { administrationPath } from '../router.js';
import { Link } from './link.component.js';

import type { SourceAlert } from '../api/review.api.js';

export function SourceAlerts({ alerts }: { alerts: readonly SourceAlert[] }) {
  const { t } = useTranslation();
  if (alerts.length === 0) return null;
  return (
    <section className="section alerts" aria-labelledby="source-alerts">
      <h2 id="source-alerts">{t('review.alerts.title')}</h2>
      <ul>
        {alerts.map((alert) => (
          <li key={alert.administrationId} className="alert-item">
            {t(alert.sourceStatus === 'merged' ? 'review.alerts.merged' : 'review.alerts.deleted', {
              administration: alert.administrationName,
              record: alert.crmExternalId,
            })}{' '}
            <Link to={administrationPath(alert.administrationId)}>{t('review.alerts.open')}</Link>
          </li>
        ))}
      </ul>
    </section>
  );
}
