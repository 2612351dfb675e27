// Which page the signed-in app shows for an address (navigation items and the administration detail page).
import { AccountPage } from './pages/account.page.js';
import { AdministrationPage } from './pages/administration.page.js';
import { AdministrationsPage } from './pages/administrations.page.js';
import { AuditPage } from './pages/audit.page.js';
import { CallsPage } from './pages/calls.page.js';
import { NotFoundPage } from './pages/placeholder.page.js';
import { PopPage } from './pages/pop.page.js';
import { ReviewPage } from './pages/review.page.js';
import { SettingsPage } from './pages/settings.page.js';
import { YukiTasksPage } from './pages/yuki-tasks.page.js';
import { accountPath, administrationIdOf, popPath } from './router.js';

import type { User } from './api.js';

export function AppRoutes({ path, user }: { path: string; user: User }) {
  const administrationId = administrationIdOf(path);
  if (administrationId !== null) return <AdministrationPage id={administrationId} />;
  switch (path) {
    case '/settings':
      return <SettingsPage user={user} />;
    case '/administrations':
      return <AdministrationsPage />;
    case '/review':
      return <ReviewPage />;
    case '/yuki-tasks':
      return <YukiTasksPage />;
    case '/audit':
      return <AuditPage />;
    case '/calls':
      return <CallsPage user={user} />;
    case accountPath:
      return <AccountPage />;
    case popPath:
      return <PopPage />;
    default:
      return <NotFoundPage />;
  }
}
