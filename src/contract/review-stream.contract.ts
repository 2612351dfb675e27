/** The HTTP contract of the review stream: Server-Sent Events that say "the review queue or link state changed". */
import { z } from 'zod';

import { popupStreamQuery } from './callerid-calls.contract.js';

export const REVIEW_STREAM_PATH = '/api/review/stream';

/** The event names the stream sends: `ready` once per connection, then `changed`. */
export const reviewStreamEvents = { ready: 'ready', changed: 'changed' } as const;

export const reviewStreamQuery = popupStreamQuery.pick({ heartbeatSeconds: true });

/**
 * A `changed` event: something in the queue, the badge count or the links of these domains changed; read again
 * through the normal API. `domainIds` are the changed domains the user may see; null: any of them (also after the
 * server may have missed announcements).
 */
export const reviewChangedSchema = z.object({ domainIds: z.array(z.uuid()).nullable() });
export type ReviewChangedView = z.infer<typeof reviewChangedSchema>;
