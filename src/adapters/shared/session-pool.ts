/** Login sessions a connector keeps across its instances in one process (e.g. Yuki's SOAP session), by key. */

/**
 * One slot per key, made on first use and kept for the life of the process (one per portal connection and access
 * key, so it stays small). A connector namespaces its keys (`yuki:…`) and always stores the same shape under them.
 */
export type SessionPool = { slot<T extends object>(key: string, create: () => T): T };

export function createSessionPool(): SessionPool {
  const slots = new Map<string, object>();
  return {
    slot<T extends object>(key: string, create: () => T): T {
      const found = slots.get(key);
      if (found !== undefined) return found as T;
      const made = create();
      slots.set(key, made);
      return made;
    },
  };
}
