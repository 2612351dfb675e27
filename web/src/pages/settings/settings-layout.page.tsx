// Settings: the page heading and the navigation between its sub-pages (the ones this user may see), then the sub-page.
import { Button, Group } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Navigate, NavLink, Outlet, useLocation } from 'react-router';

import { Page } from '../../components/page.component.js';
import { settingsPages, settingsPath } from '../../router.js';

import type { User } from '../../api.js';
import type { SettingsPage } from '../../router.js';

const adminPages: readonly SettingsPage[] = ['caller-id', 'phone-systems', 'users'];

export function useSettingsTitle(page: SettingsPage): string {
  const { t } = useTranslation();
  return t(`settings.pages.${page}`);
}

/** Where an OAuth consent page sends the user back to (`/settings?accountview=…`): the sub-page of that connection. */
function callbackPage(search: string): SettingsPage | null {
  const query = new URLSearchParams(search);
  if (query.has('accountview')) return 'caller-id';
  if (query.has('vismaconnect')) return 'portal';
  return null;
}

export function SettingsLayout({ user }: { user: User }) {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const pages = settingsPages.filter((page) => user.role === 'portal_admin' || !adminPages.includes(page));
  const current = pages.find((page) => settingsPath(page) === pathname) ?? 'crmhub';
  const callback = pathname === '/settings' ? callbackPage(search) : null;
  if (callback !== null) return <Navigate to={`${settingsPath(callback)}${search}`} replace />;

  return (
    <Page
      title={t('pages.settings.title')}
      documentTitle={`${t(`settings.pages.${current}`)} – ${t('pages.settings.title')}`}
      description={t('pages.settings.description')}
    >
      <Group component="nav" aria-label={t('settings.navLabel')} gap={4} className="settings-nav">
        {pages.map((page) => (
          <Button
            key={page}
            component={NavLink}
            to={settingsPath(page)}
            end
            size="compact-md"
            variant={page === current ? 'light' : 'subtle'}
            color={page === current ? 'navy' : 'gray'}
          >
            {t(`settings.pages.${page}`)}
          </Button>
        ))}
      </Group>
      <Outlet />
    </Page>
  );
}
