/** Where a user's pop-up stream comes from: this process's hub (started lazily when it has none) and the first event. */
import { latestUserSeq } from '../../../adapters/db/repos/callerid-events.repo.js';
import { ok } from '../../../core/result.js';
import { fail } from '../failure.js';
import { lazyHub } from '../lazy-hub.js';
import { createPopupHub } from './popup-hub.js';

import type { PushHub } from '../../../adapters/push/sse-hub.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

export type PopupStreams = {
  /**
   * The hub to subscribe to and the sequence after which to deliver (`resumeFrom`, else the user's newest event);
   * `jobs_unavailable` when this process serves no pop-up streams.
   */
  open(userId: string, resumeFrom: number | null): Promise<Outcome<{ hub: PushHub; start: number }>>;
  /** Stops the hub this created (not the process's own). */
  stop(): Promise<void>;
};

/** Processes without a hub of their own (tests that build only the app) listen lazily when DATABASE_URL is known. */
export function createPopupStreams(
  deps: Pick<AppDeps, 'db' | 'config' | 'popupHub'>,
  onError: (error: Error) => void,
): PopupStreams {
  const hub = lazyHub(deps.popupHub, deps.config, (url) => createPopupHub(url, deps.db, onError));
  return {
    async open(userId, resumeFrom) {
      const pushHub = await hub.get();
      if (pushHub === null) return fail('jobs_unavailable', 'this process serves no pop-up streams');
      return ok({ hub: pushHub, start: resumeFrom ?? (await latestUserSeq(deps.db, userId)) });
    },
    stop: () => hub.stop(),
  };
}
