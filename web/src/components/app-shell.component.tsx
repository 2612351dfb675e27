// The signed-in frame: header with main navigation (review-queue badge, refreshed on request), language, user menu,
// and the live call pop-ups.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, getNavCounts } from '../api.js';
import { onNavCountsRefresh } from '../nav-counts.js';
import { appPaths, usePath } from '../router.js';
import { CallPopups } from './call-popups.component.js';
import { Header } from './header.component.js';
import { Link } from './link.component.js';
import { UserMenu } from './user-menu.component.js';

import type { ReactNode } from 'react';
import type { User } from '../api.js';
import type { AppPath } from '../router.js';

const navKeys = {
  '/settings': 'nav.settings',
  '/administrations': 'nav.administrations',
  '/review': 'nav.review',
  '/yuki-tasks': 'nav.yukiTasks',
  '/audit': 'nav.audit',
  '/calls': 'nav.calls',
} as const satisfies Record<AppPath, string>;

interface AppShellProps {
  user: User;
  onLogout: () => void;
  onSessionEnded: () => void;
  children: ReactNode;
}

export function AppShell({ user, onLogout, onSessionEnded, children }: AppShellProps) {
  const { t } = useTranslation();
  const path = usePath();
  const [reviewCount, setReviewCount] = useState<number | null>(null);
  const [countsVersion, setCountsVersion] = useState(0);

  useEffect(
    () =>
      onNavCountsRefresh(() => {
        setCountsVersion((version) => version + 1);
      }),
    [],
  );

  useEffect(() => {
    let current = true;
    getNavCounts().then(
      (counts) => {
        if (current) setReviewCount(counts.reviewQueue);
      },
      (error: unknown) => {
        if (current && error instanceof ApiError && error.status === 401) onSessionEnded();
      },
    );
    return () => {
      current = false;
    };
  }, [path, countsVersion, onSessionEnded]);

  return (
    <>
      <Header tools={<UserMenu user={user} onLogout={onLogout} />}>
        <nav className="nav" aria-label={t('nav.label')}>
          <ul>
            {appPaths.map((to) => (
              <li key={to}>
                <Link to={to} aria-current={path === to ? 'page' : undefined}>
                  {t(navKeys[to])}
                  {to === '/review' && reviewCount !== null ? (
                    <>
                      {' '}
                      <span className={reviewCount === 0 ? 'badge badge-empty' : 'badge'} data-testid="review-count">
                        <span aria-hidden="true">{reviewCount}</span>
                        <span className="visually-hidden">{t('nav.pending', { count: reviewCount })}</span>
                      </span>
                    </>
                  ) : null}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </Header>
      <main id="main" className="main" tabIndex={-1}>
        {children}
      </main>
      <CallPopups />
    </>
  );
}
