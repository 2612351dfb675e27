// Top level: asks the server whether setup is needed and who is signed in, then shows setup, login or the shell.
import { useCallback, useEffect, useState } from 'react';
import { flushSync } from 'react-dom';
import { useTranslation } from 'react-i18next';

import { ApiError, getMe, getNavCounts, getSetupStatus, logout, toApiError } from './api.js';
import { AppShell } from './components/app-shell.component.js';
import { ErrorAlert } from './components/feedback.component.js';
import { PublicLayout } from './components/public-layout.component.js';
import { ChangePasswordPage } from './pages/change-password.page.js';
import { LoginPage } from './pages/login.page.js';
import { SetupPage } from './pages/setup.page.js';
import { homePath, isKnownPath, navigate, redirect, returnAddress, usePath } from './router.js';
import { AppRoutes } from './routes.js';

import type { SignedIn } from './api.js';

type Session =
  | { kind: 'loading' }
  | { kind: 'unreachable'; error: ApiError }
  | { kind: 'setup' }
  | { kind: 'anonymous'; notice: ApiError | null }
  | ({ kind: 'signedIn' } & SignedIn);

async function loadSession(): Promise<Session> {
  const { needed } = await getSetupStatus();
  if (needed) return { kind: 'setup' };
  const signedIn = await getMe();
  return signedIn === null ? { kind: 'anonymous', notice: null } : { kind: 'signedIn', ...signedIn };
}

/** The page the user asked for before the login (?next=), if any. */
function requestedPath(): string | null {
  const next = new URLSearchParams(location.search).get('next');
  return isKnownPath(next) ? next : null;
}

/** Where to go after signing in: the page asked for, else where work waits (the review queue), else Administrations. */
async function destinationAfterSignIn(fallback: string | undefined): Promise<string> {
  const requested = requestedPath();
  if (requested !== null) return requested;
  if (fallback !== undefined) return fallback;
  const counts = await getNavCounts().catch(() => null);
  return counts !== null && counts.reviewQueue > 0 ? '/review' : homePath;
}

function Redirect({ to }: { to: string }) {
  useEffect(() => {
    redirect(to);
  }, [to]);
  return null;
}

/** The session as the server sees it, and the ways it changes: sign-in, logout, ended, setup already done. */
function useSession() {
  const [session, setSession] = useState<Session>({ kind: 'loading' });

  const load = useCallback(() => {
    setSession({ kind: 'loading' });
    loadSession().then(setSession, (error: unknown) => {
      setSession({ kind: 'unreachable', error: toApiError(error) });
    });
  }, []);
  useEffect(load, [load]);

  // Session and address change in one render (flushSync), so no branch ever sees the new session at the old path.
  const signIn = useCallback((signedIn: SignedIn, fallback?: string) => {
    void destinationAfterSignIn(signedIn.mustChangePassword ? location.pathname : fallback).then((to) => {
      flushSync(() => {
        setSession({ kind: 'signedIn', ...signedIn });
        navigate(to, { replace: true });
      });
    });
  }, []);
  const sessionEnded = useCallback(() => {
    const notice = new ApiError({ status: 401, code: 'unauthenticated', message: '' });
    setSession({ kind: 'anonymous', notice });
  }, []);
  const logOut = useCallback(() => {
    logout().then(() => {
      flushSync(() => {
        setSession({ kind: 'anonymous', notice: null });
        navigate('/login', { replace: true });
      });
    }, load); // e.g. the session had already ended: ask the server where we stand
  }, [load]);

  return { session, setSession, load, signIn, sessionEnded, logOut };
}

export function App() {
  const { t } = useTranslation();
  const path = usePath();
  const { session, setSession, load, signIn, sessionEnded, logOut } = useSession();

  switch (session.kind) {
    case 'loading':
      return (
        <PublicLayout>
          <p role="status">{t('app.loading')}</p>
        </PublicLayout>
      );
    case 'unreachable':
      return (
        <PublicLayout>
          <ErrorAlert error={session.error} />
          <button type="button" onClick={load}>
            {t('app.retry')}
          </button>
        </PublicLayout>
      );
    case 'setup':
      return (
        <PublicLayout>
          {path === '/setup' ? null : <Redirect to="/setup" />}
          <SetupPage
            onDone={(signedIn) => {
              signIn(signedIn, '/settings'); // a new installation starts by connecting its systems
            }}
            onAlreadyDone={(notice) => {
              setSession({ kind: 'anonymous', notice });
            }}
          />
        </PublicLayout>
      );
    case 'anonymous':
      return (
        <PublicLayout>
          {path === '/login' ? null : (
            <Redirect to={isKnownPath(path) ? `/login?next=${encodeURIComponent(returnAddress(path))}` : '/login'} />
          )}
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
        <AppShell user={session.user} onLogout={logOut} onSessionEnded={sessionEnded}>
          {['/', '/login', '/setup'].includes(path) ? (
            <Redirect to={requestedPath() ?? homePath} />
          ) : (
            <AppRoutes key={path} path={path} user={session.user} />
          )}
        </AppShell>
      );
  }
}
