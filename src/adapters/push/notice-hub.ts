/** Announcements without history ("this changed, read again"), fanned out to this instance's listeners via LISTEN/NOTIFY. */
import { keepListening } from '../db/listen.js';

export type NoticeHubOptions<N> = {
  readonly connectionString: string;
  /** Names the listening connection in pg_stat_activity. */
  readonly applicationName: string;
  readonly channel: string;
  /** The notice a payload carries, or null for a payload that is not one (it is dropped). */
  parse(payload: string): N | null;
  readonly onError?: (error: Error) => void;
  readonly reconnectDelayMs?: { readonly min: number; readonly max: number };
  readonly probeIntervalMs?: number;
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
  const report = (error: unknown): void => {
    options.onError?.(error instanceof Error ? error : new Error(String(error)));
  };
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
  const kept = keepListening({
    connectionString: options.connectionString,
    applicationName: options.applicationName,
    channel: options.channel,
    onPayload(payload) {
      const notice = options.parse(payload);
      if (notice !== null) deliver(notice);
    },
    onConnected() {
      deliver(null);
    },
    onError: report,
    ...(options.reconnectDelayMs === undefined ? {} : { reconnectDelayMs: options.reconnectDelayMs }),
    ...(options.probeIntervalMs === undefined ? {} : { probeIntervalMs: options.probeIntervalMs }),
  });
  return {
    start: () => kept.start(),
    subscribe(listener) {
      listeners.add(listener);
      return {
        close() {
          listeners.delete(listener);
        },
      };
    },
    get listening() {
      return kept.listening;
    },
    get size() {
      return listeners.size;
    },
    async stop() {
      await kept.stop();
      listeners.clear();
    },
  };
}
