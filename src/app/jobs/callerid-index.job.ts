/** Reads one source connection into the phone index (full reload or incremental), one run per connection at a time. */
import { findConnection } from '../../adapters/db/repos/connections.repo.js';
import { recordIndexSourceError } from '../../adapters/db/repos/phone-index-sources.repo.js';
import { phoneSourceFor } from '../use-cases/callerid/index-sources.js';
import { runPhoneIndex } from '../use-cases/callerid/phone-index.js';
import { callerIdIndexJob } from './contracts.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

export function callerIdIndexHandler(deps: () => AppDeps): JobDefinition<typeof callerIdIndexJob.data> {
  return {
    contract: callerIdIndexJob,
    async run(input) {
      const d = deps();
      const connection = await findConnection(d.db, input.connectionId);
      if (connection === null || connection.status === 'disconnected') return;
      const source = await phoneSourceFor(connection, d);
      if (!source.ok) {
        await recordIndexSourceError(d.db, connection.id, source.error, d.clock());
        return;
      }
      const outcome = await runPhoneIndex(d, connection, source.value, { full: input.full });
      // Transient failures are retried by the queue; authorisation failures wait for a reconnect.
      if (outcome.status === 'failed' && ['transient', 'rate_limited', 'unknown'].includes(outcome.error.code)) {
        throw new Error(`indexing ${connection.system} failed: ${outcome.error.message}`);
      }
    },
  };
}
