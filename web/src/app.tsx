// Top level: asks the server whether setup is needed and who is signed in, then routes to setup, login or the app.
import { Button, Loader, Stack } from '@mantine/core';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';

import { ApiError, getMe, getNavCounts, getSetupStatus, logout, toApiError } from './api.js';
import { ErrorAlert } from './components/feedback.component.js';
import { PublicLayout } from './components/public-layout.component.js';
import { ChangePasswordPage } from './pages/change-password.page.js';
import { LoginPage } from './pages/login.page.js';
import { SetupPage } from './pages/setup.page.js';
import { homePath, isKnownPath, returnAddress } from './router.js';

import type { SignedIn } from './api.js';

// Everything behind the login is its own chunk: the login page loads only what it shows.
const SignedInApp = lazy(async () => ({ default: (await import('./routes.js')).SignedInApp }));

type Session =
  | { kind: 'loading' }
  | { kind: 'unreachable'; error: ApiError }
  | { kind: 'setup' }
  | { kind: 'anonymous'; notice: ApiError | null; loggedOut: boolean }
  | ({ kind: 'signedIn'; landing: string | null } & SignedIn);

async function loadSession(): Promise<Session> {
  const { needed } = await getSetupStatus();
  if (needed) return { kind: 'setup' };
  const signedIn = await getMe();
  return signedIn === null
    ? { kind: 'anonymous', notice: null, loggedOut: false }
    : { kind: 'signedIn', landing: null, ...signedIn };
}

/** The page the user asked for before the login (?next=), if any. */
function requestedPath(search: string): string | null {
  const next = new URLSearchParams(search).get('next');
  return isKnownPath(next) ? next : null;
}

const entryPaths = ['/', '/login', '/setup'];

/** Where to go after signing in: the page asked for, else where work waits (the review queue), else Administrations. */
async function destinationAfterSignIn(search: string, fallback: string | undefined): Promise<string> {
  const requested = requestedPath(search);
  if (requested !== null) return requested;
  if (fallback !== undefined && !entryPaths.includes(fallback)) return fallback;
  const counts = await getNavCounts().catch(() => null);
  return counts !== null && counts.reviewQueue > 0 ? '/review' : homePath;
}

/** The session as the server sees it, and the ways it changes: sign-in, logout, ended, setup already done. */
function useSession() {
  const [session, setSession] = useState<Session>({ kind: 'loading' });
  const navigate = useNavigate();

  const load = useCallback(() => {
    setSession({ kind: 'loading' });
    loadSession().then(setSession, (error: unknown) => {
      setSession({ kind: 'unreachable', error: toApiError(error) });
    });
  }, []);
  useEffect(load, [load]);

  // The destination travels with the session, so the first signed-in render already knows where to go.
  const signIn = useCallback((signedIn: SignedIn, fallback?: string) => {
    const keep = signedIn.mustChangePassword ? location.pathname : fallback;
    void destinationAfterSignIn(location.search, keep).then((landing) => {
      setSession({ kind: 'signedIn', landing, ...signedIn });
    });
  }, []);
  const sessionEnded = useCallback(() => {
    const notice = new ApiError({ status: 401, code: 'unauthenticated', message: '' });
    setSession({ kind: 'anonymous', notice, loggedOut: false });
  }, []);
  const logOut = useCallback(() => {
    logout().then(() => {
      setSession({ kind: 'anonymous', notice: null, loggedOut: true });
      void navigate('/login', { replace: true });
    }, load); // e.g. the session had already ended: ask the server where we stand
  }, [load, navigate]);

  return { session, setSession, load, signIn, sessionEnded, logOut };
}

function Loading() {
  const { t } = useTranslation();
  return (
    <Stack align="center" p="xl" role="status" aria-label={t('app.loading')}>
      <Loader size="sm" />
    </Stack>
  );
}

/** The address an anonymous visitor is sent to: the login, remembering the page asked for. */
function loginAddress(pathname: string, search: string, loggedOut: boolean): string {
  if (loggedOut || !isKnownPath(pathname)) return '/login';
  return `/login?next=${encodeURIComponent(returnAddress(pathname, search))}`;
}

export function App() {
  const { t } = useTranslation();
  const { pathname, search } = useLocation();
  const { session, setSession, load, signIn, sessionEnded, logOut } = useSession();

  switch (session.kind) {
    case 'loading':
      return (
        <PublicLayout>
          <Loading />
        </PublicLayout>
      );
    case 'unreachable':
      return (
        <PublicLayout>
          <Stack>
            <ErrorAlert error={session.error} />
            <Button onClick={load}>{t('app.retry')}</Button>
          </Stack>
        </PublicLayout>
      );
    case 'setup':
      return (
        <PublicLayout>
          {pathname === '/setup' ? null : <Navigate to="/setup" replace />}
          <SetupPage
            onDone={(signedIn) => {
              signIn(signedIn, '/settings'); // a new installation starts by connecting its systems
            }}
            onAlreadyDone={(notice) => {
              setSession({ kind: 'anonymous', notice, loggedOut: false });
            }}
          />
        </PublicLayout>
      );
    case 'anonymous':
      return (
        <PublicLayout>
          {pathname === '/login' ? null : <Navigate to={loginAddress(pathname, search, session.loggedOut)} replace />}
          <LoginPage onDone={signIn} notice={session.notice} />
        </PublicLayout>
      );
    case 'signedIn':
      if (session.mustChangePassword) {
        return (
          <PublicLayout>
            <ChangePasswordPage
              onDone={() => {
                signIn({ user: session.user, mustChangePassword: false });
              }}
              onLogout={logOut}
            />
          </PublicLayout>
        );
      }
      return (
        <Suspense fallback={<Loading />}>
          <Routes>
            {entryPaths.map((entry) => (
              <Route
                key={entry}
                path={entry}
                element={<Navigate to={session.landing ?? requestedPath(search) ?? homePath} replace />}
              />
            ))}
            <Route
              path="*"
              element={<SignedInApp user={session.user} onLogout={logOut} onSessionEnded={sessionEnded} />}
            />
          </Routes>
        </Suspense>
      );
  }
}
