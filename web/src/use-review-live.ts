// Live review queue: one stream per signed-in tab; announced changes re-read the review, administrations and badge
// queries (at most once a second, however many changes arrive).
import { useEffect } from 'react';

import { REVIEW_STREAM_PATH, reviewStreamEvents } from '../../src/contract/review-stream.contract.js';
import { createCoalescer } from './coalesce.js';
import { keepEventSource } from './event-source.js';
import { navCountsKey } from './nav-counts.js';
import { queryClient } from './query-client.js';

/** The queries a change in the review queue or in the links can make out of date (matched by key prefix). */
export const liveQueryKeys = [['review'], ['administrations'], navCountsKey] as const;

const REREAD_INTERVAL_MS = 1_000;

/** Mount once in the signed-in frame. */
export function useReviewLive(): void {
  useEffect(() => {
    const reread = createCoalescer(() => {
      for (const queryKey of liveQueryKeys) void queryClient.invalidateQueries({ queryKey });
    }, REREAD_INTERVAL_MS);
    let connectedBefore = false;
    const close = keepEventSource(
      () => REVIEW_STREAM_PATH,
      (stream) => {
        stream.addEventListener(reviewStreamEvents.ready, () => {
          // Changes made while the stream was down were announced to nobody: read again after a reconnect.
          if (connectedBefore) reread.trigger();
          connectedBefore = true;
        });
        stream.addEventListener(reviewStreamEvents.changed, () => {
          reread.trigger();
        });
      },
    );
    return () => {
      close();
      reread.cancel();
    };
  }, []);
}
