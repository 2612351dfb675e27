// Client-side routing on the History API: the current path as React state, navigation without page loads.
import { useSyncExternalStore } from 'react';

export const appPaths = ['/settings', '/administrations', '/review', '/yuki-tasks', '/audit', '/calls'] as const;
export type AppPath = (typeof appPaths)[number];
export const homePath: AppPath = '/administrations';
/** Pages outside the navigation (reached from the user menu). */
export const accountPath = '/account';
/** The screen-pop page that Teams and CTI clients open with the caller's number (`/pop?number=…`). */
export const popPath = '/pop';

export function isAppPath(path: unknown): path is AppPath {
  return appPaths.some((appPath) => appPath === path);
}

/** The id in `/administrations/<id>`, or null for any other path. */
export function administrationIdOf(path: string): string | null {
  const match = /^\/administrations\/([^/]+)$/.exec(path);
  if (match?.[1] === undefined) return null;
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null; // a malformed address is not a page
  }
}

export function administrationPath(id: string): string {
  return `/administrations/${encodeURIComponent(id)}`;
}

/** A page of the signed-in app: a navigation item or a detail page under one; the screen-pop page with its query. */
export function isKnownPath(path: unknown): path is string {
  if (path === accountPath) return true;
  if (typeof path === 'string' && (path === popPath || path.startsWith(`${popPath}?`))) return true;
  return isAppPath(path) || (typeof path === 'string' && administrationIdOf(path) !== null);
}

const listeners = new Set<() => void>();
let userNavigations = 0;

function notify(): void {
  for (const listener of listeners) listener();
}

window.addEventListener('popstate', () => {
  userNavigations += 1;
  notify();
});

/** A navigation the user asked for (link, button, back/forward): pages move focus to their heading after one. */
export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (options.replace === true) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  userNavigations += 1;
  notify();
}

/** Corrects the address (e.g. to /login) without counting as a user navigation. */
export function redirect(to: string): void {
  history.replaceState(null, '', to);
  notify();
}

export function hasUserNavigated(): boolean {
  return userNavigations > 0;
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** The address to come back to after the login: the path, and for the screen-pop page also its number. */
export function returnAddress(path: string): string {
  return path === popPath ? `${path}${location.search}` : path;
}

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}
