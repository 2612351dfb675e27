/** The live review stream (SSE): tells a signed-in person's tabs that the queue or link state changed. */
import { formatSseFrame } from '../../../adapters/push/sse-hub.js';
import { REVIEW_STREAM_PATH, reviewStreamEvents, reviewStreamQuery } from '../../../contract/review-stream.contract.js';
import { createReviewStreams } from '../../use-cases/sync/review-stream.js';
import { requireEventStream, streamsOfApp } from '../event-streams.js';
import { anyUser, currentUser } from '../plugins/auth.js';
import { unwrap } from '../problem.js';
import { routeGroup } from '../route.js';

import type { AppDeps } from '../../deps.js';
import type { ZodApp } from '../zod-app.js';

export function registerReviewStreamRoutes(app: ZodApp, deps: AppDeps): void {
  const reviewStreams = createReviewStreams(deps, (error) => {
    app.log.warn({ err: error }, 'review stream listener');
  });
  const registry = streamsOfApp(app, () => reviewStreams.stop());
  const signedIn = routeGroup(app, { tags: ['review'], access: anyUser });

  signedIn.get(REVIEW_STREAM_PATH, {
    summary:
      'Live review queue (text/event-stream): `ready` first, then `changed` ({ domainIds }) when the queue, the ' +
      'badge count or the links of domains I may see changed; read them again through the normal API',
    querystring: reviewStreamQuery,
    handler: async (request, reply) => {
      const user = currentUser(request);
      requireEventStream(request);
      const feed = unwrap(await reviewStreams.open(user));
      reply.hijack();
      registry.serve({
        raw: reply.raw,
        userId: user.id,
        heartbeatSeconds: request.query.heartbeatSeconds,
        ready: formatSseFrame({ event: reviewStreamEvents.ready, data: '{}' }),
        subscribe: (send) =>
          feed.subscribe((event) => {
            send(formatSseFrame({ event: reviewStreamEvents.changed, data: JSON.stringify(event) }));
          }),
      });
    },
  });
}
