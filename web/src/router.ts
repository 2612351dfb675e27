// Client-side routing on the History API: the current path as React state, navigation without page loads.
import { useSyncExternalStore } from 'react';

export const appPaths = ['/settings', '/administrations', '/review', '/calls'] as const;
export type AppPath = (typeof appPaths)[number];
export const homePath: AppPath = '/settings';

export function isAppPath(path: unknown): path is AppPath {
  return appPaths.some((appPath) => appPath === path);
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

export function usePath(): string {
  return useSyncExternalStore(subscribe, () => location.pathname);
}
