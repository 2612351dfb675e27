// The page for an address the app does not know.
import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

import { Link } from '../components/link.component.js';
import { Page } from '../components/page.component.js';
import { homePath } from '../router.js';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('pages.notFound.title')}>
      <Text>{t('pages.notFound.description')}</Text>
      <Text>
        <Link to={homePath}>{t('pages.notFound.home')}</Link>
      </Text>
    </Page>
  );
}
