// The signed-in frame: header (burger, notifications, user menu, language), the main navigation with the review-queue
// badge (a drawer below 48em), the page, the live call pop-ups, and live review-queue updates.
import { Badge, Burger, AppShell as MantineShell, NavLink, ScrollArea } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, NavLink as RouterNavLink, useLocation } from 'react-router';

import { ApiError } from '../api.js';
import { refreshNavCounts, useNavCounts } from '../nav-counts.js';
import { appPaths } from '../router.js';
import { useReviewLive } from '../use-review-live.js';
import { CallPopups } from './call-popups.component.js';
import { Header } from './header.component.js';
import { NotificationButton } from './notification-button.component.js';
import { UserMenu } from './user-menu.component.js';

import type { User } from '../api.js';
import type { AppPath } from '../router.js';

const navKeys = {
  '/administrations': 'nav.administrations',
  '/review': 'nav.review',
  '/yuki-tasks': 'nav.yukiTasks',
  '/audit': 'nav.audit',
  '/calls': 'nav.calls',
  '/status': 'nav.status',
  '/settings': 'nav.settings',
} as const satisfies Record<AppPath, string>;

function ReviewBadge({ count }: { count: number }) {
  const { t } = useTranslation();
  return (
    <Badge
      size="sm"
      circle={count < 100}
      color={count === 0 ? 'gray' : 'navy'}
      variant={count === 0 ? 'light' : 'filled'}
      data-testid="review-count"
    >
      <span aria-hidden="true">{count}</span>
      <span className="visually-hidden">{t('nav.pending', { count })}</span>
    </Badge>
  );
}

interface AppShellProps {
  user: User;
  onLogout: () => void;
  onSessionEnded: () => void;
}

export function AppShell({ user, onLogout, onSessionEnded }: AppShellProps) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [opened, { toggle, close }] = useDisclosure(false);
  const counts = useNavCounts();
  useReviewLive();
  const reviewCount = counts.data?.reviewQueue ?? null;

  useEffect(() => {
    close(); // a chosen page closes the drawer on a phone
    refreshNavCounts();
  }, [pathname, close]);

  useEffect(() => {
    if (counts.error instanceof ApiError && counts.error.status === 401) onSessionEnded();
  }, [counts.error, onSessionEnded]);

  return (
    <MantineShell
      header={{ height: 56 }}
      navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding={{ base: 'sm', sm: 'lg' }}
    >
      <MantineShell.Header>
        <Header
          start={
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('nav.toggle')}
              aria-expanded={opened}
              aria-controls="main-navigation"
            />
          }
          tools={
            <>
              <NotificationButton count={reviewCount} />
              <UserMenu user={user} onLogout={onLogout} />
            </>
          }
        />
      </MantineShell.Header>
      <MantineShell.Navbar p="xs" id="main-navigation">
        <ScrollArea component="nav" aria-label={t('nav.label')}>
          {appPaths.map((to) => (
            <NavLink
              key={to}
              component={RouterNavLink}
              to={to}
              label={t(navKeys[to])}
              active={pathname === to || pathname.startsWith(`${to}/`)}
              variant="light"
              rightSection={to === '/review' && reviewCount !== null ? <ReviewBadge count={reviewCount} /> : null}
            />
          ))}
        </ScrollArea>
      </MantineShell.Navbar>
      <MantineShell.Main id="main" tabIndex={-1} className="main">
        <Outlet />
      </MantineShell.Main>
      <CallPopups />
    </MantineShell>
  );
}
