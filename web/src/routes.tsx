// The signed-in app (loaded after the login as its own chunk): the shell and which page shows at which address.
import { Fragment } from 'react';
import { Navigate, Route, Routes, useLocation, useParams } from 'react-router';

import { AppShell } from './components/app-shell.component.js';
import { AccountPage } from './pages/account.page.js';
import { AdministrationPage } from './pages/administration.page.js';
import { AdministrationsPage } from './pages/administrations.page.js';
import { AuditPage } from './pages/audit.page.js';
import { CallsPage } from './pages/calls.page.js';
import { NotFoundPage } from './pages/not-found.page.js';
import { PopPage } from './pages/pop.page.js';
import { ReviewPage } from './pages/review.page.js';
import { AdminSettings } from './pages/settings/admin-settings.page.js';
import { CrmhubSettingsPage } from './pages/settings/crmhub.page.js';
import { PortalSettingsPage } from './pages/settings/portal.page.js';
import { SettingsLayout } from './pages/settings/settings-layout.page.js';
import { StatusPage } from './pages/status.page.js';
import { YukiTasksPage } from './pages/yuki-tasks.page.js';
import { accountPath, popPath } from './router.js';

import type { ReactNode } from 'react';
import type { User } from './api.js';

/** A page built before the router reads its address once on mount: a new address mounts it anew. */
function PerAddress({ children }: { children: ReactNode }) {
  const { pathname } = useLocation();
  return <Fragment key={pathname}>{children}</Fragment>;
}

function AdministrationRoute() {
  const { id = '' } = useParams();
  return (
    <PerAddress>
      <AdministrationPage id={id} />
    </PerAddress>
  );
}

type SignedInAppProps = { user: User; onLogout: () => void; onSessionEnded: () => void };

export function SignedInApp({ user, onLogout, onSessionEnded }: SignedInAppProps) {
  const admin = user.role === 'portal_admin';
  const adminOnly = (page: ReactNode) => (admin ? page : <Navigate to="/settings" replace />);
  return (
    <Routes>
      <Route element={<AppShell user={user} onLogout={onLogout} onSessionEnded={onSessionEnded} />}>
        <Route path="/administrations" element={<AdministrationsPage />} />
        <Route path="/administrations/:id" element={<AdministrationRoute />} />
        <Route path="/review" element={<ReviewPage />} />
        <Route path="/yuki-tasks" element={<YukiTasksPage />} />
        <Route path="/audit" element={<AuditPage />} />
        <Route path="/calls" element={<CallsPage user={user} />} />
        <Route path="/status" element={<StatusPage />} />
        <Route path="/settings" element={<SettingsLayout user={user} />}>
          <Route index element={<CrmhubSettingsPage user={user} />} />
          <Route path="portal" element={<PortalSettingsPage user={user} />} />
          <Route path="caller-id" element={adminOnly(<AdminSettings page="caller-id" />)} />
          <Route path="phone-systems" element={adminOnly(<AdminSettings page="phone-systems" />)} />
          <Route path="users" element={adminOnly(<AdminSettings page="users" />)} />
        </Route>
        <Route path={accountPath} element={<AccountPage />} />
        <Route path={popPath} element={<PopPage />} />
        <Route path="*" element={<NotFoundPage />} />
      </Route>
    </Routes>
  );
}
