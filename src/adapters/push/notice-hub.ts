/** Announcements without history ("this changed, read again"), fanned out to this instance's listeners via LISTEN/NOTIFY. */
import { hubOver, listenForNotices, reporterFor } from './listening-hub.js';

import type { ListenSettings } from './listening-hub.js';

export type NoticeHubOptions<N> = ListenSettings & {
  /** The notice a payload carries, or null for a payload that is not one (it is dropped). */
  parse(payload: string): N | null;
};

/**
 * A listener gets every notice, or null after the listening connection was (re)established: notices sent while nobody
 * listened are lost, so anything may have changed.
 */
export type NoticeListener<N> = (notice: N | null) => void;

export type NoticeHub<N> = {
  start(): Promise<void>;
  subscribe(listener: NoticeListener<N>): { close(): void };
  /** True while the listening connection is up. */
  readonly listening: boolean;
  /** Open subscriptions on this instance. */
  readonly size: number;
  stop(): Promise<void>;
};

export function createNoticeHub<N>(options: NoticeHubOptions<N>): NoticeHub<N> {
  const report = reporterFor(options.onError);
  const listeners = new Set<NoticeListener<N>>();
  const deliver = (notice: N | null): void => {
    for (const listener of [...listeners]) {
      try {
        listener(notice);
      } catch (error) {
        report(error);
      }
    }
  };
  const kept = listenForNotices(options, report, {
    parse: (payload) => options.parse(payload),
    onNotice: deliver,
    onConnected: () => {
      deliver(null);
    },
  });
  return hubOver(kept, listeners, (listener: NoticeListener<N>) => {
    listeners.add(listener);
    return {
      close() {
        listeners.delete(listener);
      },
    };
  });
}
