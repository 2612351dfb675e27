// The values of one held change: old → new, a clear (old value struck through), or for a conflict all three.
import { Stack, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { displayValue } from '../format.js';
import { ConnectionDetails } from './connection-details.component.js';

import type { Change } from '../api/review.api.js';

export function ChangeValues({ change }: { change: Change }) {
  const { t } = useTranslation();
  if (change.state === 'conflict') {
    return (
      <Stack gap={4} data-testid="conflict">
        <Text size="sm">{t('review.conflictExplained')}</Text>
        <ConnectionDetails
          rows={[
            [t('review.values.synchronised'), displayValue(change.oldValue)],
            [t('review.values.portalNow'), displayValue(change.portalValue)],
            [t('review.values.crmNew'), displayValue(change.newValue)],
          ]}
        />
      </Stack>
    );
  }
  if (change.clear) {
    return (
      <Stack gap={4} data-testid="clear">
        <Text size="sm">{t('review.clearExplained')}</Text>
        <ConnectionDetails
          rows={[
            [t('review.values.old'), <s key="old">{displayValue(change.oldValue)}</s>],
            [t('review.values.new'), <strong key="new">{t('review.clear')}</strong>],
          ]}
        />
      </Stack>
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
