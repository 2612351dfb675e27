/** The pop-up hub of an API instance: per-user streams fed by NOTIFY on the caller-ID channel, replayed from the table. */
import { fetchUserEventsSince, POPUP_CHANNEL } from '../../../adapters/db/repos/callerid-events.repo.js';
import { createPushHub } from '../../../adapters/push/sse-hub.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { PushHub } from '../../../adapters/push/sse-hub.js';

/** Builds (does not start) the hub; its listening client is a dedicated connection to `databaseUrl`. */
export function createPopupHub(databaseUrl: string, db: Db, onError: (error: Error) => void): PushHub {
  return createPushHub({
    connectionString: databaseUrl,
    channel: POPUP_CHANNEL,
    fetchSince: (userId, afterSeq, limit) => fetchUserEventsSince(db, userId, afterSeq, limit),
    onError,
  });
}
