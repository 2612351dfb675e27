// Linked CRM records that were deleted or merged in the CRM: shown to a person by name, never propagated.
import { Alert, Anchor, List, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

import { administrationPath } from '../router.js';

import type { SourceAlert } from '../api/review.api.js';

export function SourceAlerts({ alerts }: { alerts: readonly SourceAlert[] }) {
  const { t } = useTranslation();
  if (alerts.length === 0) return null;
  return (
    <Alert
      component="section"
      role="region"
      aria-labelledby="source-alerts"
      color="orange"
      title={
        <Title order={2} fz="md" id="source-alerts">
          {t('review.alerts.title')}
        </Title>
      }
    >
      <List size="sm">
        {alerts.map((alert) => (
          <List.Item key={alert.administrationId}>
            {t(alert.sourceStatus === 'merged' ? 'review.alerts.merged' : 'review.alerts.deleted', {
              administration: alert.administrationName,
              record: alert.crmName ?? t('review.unnamedRecord'),
            })}{' '}
            <Anchor component={Link} to={administrationPath(alert.administrationId)} size="sm">
              {t('review.alerts.open')}
            </Anchor>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
