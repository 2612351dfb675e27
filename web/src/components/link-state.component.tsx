// An administration's link state in words: not linked, or linked with its approval mode and the CRM record's state.
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import type { Link } from '../api/administrations.api.js';

export function LinkState({ link }: { link: Link | null }) {
  const { t } = useTranslation();
  if (link === null) {
    return (
      <Text span c="dimmed" size="sm">
        {t('link.unlinked')}
      </Text>
    );
  }
  return (
    <>
      <Text span size="sm" fw={500}>
        {t(`link.linkedModes.${link.mode}`)}
      </Text>
      {link.sourceStatus === 'deleted' || link.sourceStatus === 'merged' ? (
        <>
          {' '}
          <Text span size="sm" fw={600} c="red.9">
            {t(`link.source.${link.sourceStatus}`)}
          </Text>
        </>
      ) : null}
    </>
  );
}
