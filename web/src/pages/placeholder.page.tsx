// The not-yet-built sections (now only Calls) and the not-found page.
import { useTranslation } from 'react-i18next';

import { Link } from '../components/link.component.js';
import { Page } from '../components/page.component.js';
import { homePath } from '../router.js';

import type { AppPath } from '../router.js';

const sections = {
  '/settings': 'settings',
  '/administrations': 'administrations',
  '/review': 'review',
  '/yuki-tasks': 'yukiTasks',
  '/audit': 'audit',
  '/calls': 'calls',
} as const satisfies Record<AppPath, string>;

export function PlaceholderPage({ path }: { path: AppPath }) {
  const { t } = useTranslation();
  const section = sections[path];
  return (
    <Page title={t(`pages.${section}.title`)}>
      <p className="page-description">{t(`pages.${section}.description`)}</p>
      <p className="empty-state">{t('pages.empty')}</p>
    </Page>
  );
}

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <Page title={t('pages.notFound.title')}>
      <p>{t('pages.notFound.description')}</p>
      <p>
        <Link to={homePath}>{t('pages.notFound.home')}</Link>
      </p>
    </Page>
  );
}
