/** Reads one source connection into the phone index (full reload or incremental), one run per connection at a time. */
import { z } from 'zod';

import { findConnection } from '../../adapters/db/repos/connections.repo.js';
import { phoneSourceFor } from '../use-cases/callerid/index-sources.js';
import { runPhoneIndex } from '../use-cases/callerid/phone-index.js';

import type { JobDefinition } from '../../adapters/db/queue.js';
import type { AppDeps } from '../deps.js';

const data = z.object({ connectionId: z.uuid(), full: z.boolean() });

export function callerIdIndexJob(deps: () => AppDeps): JobDefinition<typeof data> {
  return {
    name: 'callerid-index',
    data,
    retryLimit: 3,
    retryDelaySeconds: 60,
    retryBackoff: true,
    // One queued run per connection (singletonKey = connection id); a lease in the table keeps runs apart.
    policy: 'short',
    concurrency: 2,
    async run(input) {
      const d = deps();
      const connection = await findConnection(d.db, input.connectionId);
      if (connection === null || connection.status === 'disconnected') return;
      const source = await phoneSourceFor(connection, d);
      if (!source.ok) {
        await d.db
          .insertInto('phone_index_sources')
          .values({ connection_id: connection.id, last_error: source.error.message, last_error_at: d.clock() })
          .onConflict((oc) =>
            oc.column('connection_id').doUpdateSet({ last_error: source.error.message, last_error_at: d.clock() }),
          )
          .execute();
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
