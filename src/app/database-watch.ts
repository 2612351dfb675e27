/** Watches whether this process reaches its database, so that /healthz can tell a supervisor when it has lost it. */
import { pingDatabase } from '../adapters/db/pool.js';

import type { Db } from '../adapters/db/pool.js';

export type DatabaseWatch = {
  /** When the database stopped answering; null while it answers. */
  unavailableSince(): Date | null;
  stop(): void;
};

const CHECK_EVERY_MS = 5_000;

export function startDatabaseWatch(db: Db, clock: () => Date): DatabaseWatch {
  let since: Date | null = null;
  let stopped = false;
  let pending = false;
  let timer: NodeJS.Timeout | null = null;
  const ping = (): void => {
    pending = true;
    pingDatabase(db).then(
      () => {
        pending = false;
        since = null;
      },
      () => {
        pending = false;
        since ??= clock();
      },
    );
  };
  const check = (): void => {
    // A ping still waiting after a whole interval counts as no answer; only one is in flight at a time.
    if (pending) since ??= clock();
    else ping();
    if (!stopped) timer = setTimeout(check, CHECK_EVERY_MS).unref();
  };
  timer = setTimeout(check, CHECK_EVERY_MS).unref();
  return {
    unavailableSince: () => since,
    stop() {
      stopped = true;
      if (timer !== null) clearTimeout(timer);
    },
  };
}
