// Turns bursts of triggers into at most one run per interval: the first runs at once, the rest of a burst once after.
export type Coalescer = {
  trigger(): void;
  /** Drops a pending run (when the owner goes away). */
  cancel(): void;
};

export function createCoalescer(run: () => void, intervalMs: number, now: () => number = Date.now): Coalescer {
  let lastRun = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const fire = (): void => {
    timer = null;
    lastRun = now();
    run();
  };
  return {
    trigger() {
      if (timer !== null) return; // the pending run will see this trigger's change too
      const wait = lastRun + intervalMs - now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    cancel() {
      if (timer !== null) clearTimeout(timer);
      timer = null;
    },
  };
}
