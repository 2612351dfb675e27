// The addresses of the app's pages (navigation is react-router's; see routes.tsx for which page shows where).
export const appPaths = [
  '/administrations',
  '/review',
  '/yuki-tasks',
  '/audit',
  '/calls',
  '/status',
  '/settings',
] as const;
export type AppPath = (typeof appPaths)[number];
export const homePath: AppPath = '/administrations';
/** Pages outside the navigation (reached from the user menu). */
export const accountPath = '/account';
/** The screen-pop page that Teams and CTI clients open with the caller's number (`/pop?number=…`). */
export const popPath = '/pop';

/** Settings sub-pages, in the order of the settings navigation; the first is also /settings itself. */
export const settingsPages = ['crmhub', 'portal', 'caller-id', 'phone-systems', 'users'] as const;
export type SettingsPage = (typeof settingsPages)[number];

export function settingsPath(page: SettingsPage): string {
  return page === 'crmhub' ? '/settings' : `/settings/${page}`;
}

export function administrationPath(id: string): string {
  return `/administrations/${encodeURIComponent(id)}`;
}

/** A page worth coming back to after the login (`?next=`): an app page, a settings page, a detail page, the pop-up. */
export function isKnownPath(path: unknown): path is string {
  if (typeof path !== 'string' || !path.startsWith('/') || path.startsWith('//')) return false;
  const pathname = path.split('?')[0] ?? '';
  if (pathname === accountPath || pathname === popPath) return true;
  if (appPaths.some((appPath) => appPath === pathname)) return true;
  if (settingsPages.some((page) => settingsPath(page) === pathname)) return true;
  return /^\/administrations\/[^/]+$/.test(pathname);
}

/** The address to come back to after the login: the path, and for the screen-pop page also its number. */
export function returnAddress(path: string, search: string): string {
  return path === popPath ? `${path}${search}` : path;
}
