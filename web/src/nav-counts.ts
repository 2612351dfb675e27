// Lets a page ask the navigation to re-read its badge counts (after a review decision, link or unlink).
const listeners = new Set<() => void>();

export function refreshNavCounts(): void {
  for (const listener of listeners) listener();
}

export function onNavCountsRefresh(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
