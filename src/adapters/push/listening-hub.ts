/** What both push hubs share: one kept LISTEN connection feeding this instance's subscribers, and the hub's lifecycle. */
import { keepListening } from '../db/listen.js';

import type { KeptListener } from '../db/listen.js';

/** The listening connection's settings, as both hubs take them from their options. */
export type ListenSettings = {
  readonly connectionString: string;
  /** Names the listening connection in pg_stat_activity. */
  readonly applicationName: string;
  readonly channel: string;
  readonly onError?: (error: Error) => void;
  /** Waits between reconnect attempts of the listening client (grows to max). */
  readonly reconnectDelayMs?: { readonly min: number; readonly max: number };
  /** How often the listening client is probed, so a silently dropped connection is noticed. */
  readonly probeIntervalMs?: number;
};

export type Report = (error: unknown) => void;

/** Hands anything thrown to `onError` as an Error (or drops it when there is no `onError`). */
export function reporterFor(onError: ((error: Error) => void) | undefined): Report {
  return (error) => {
    onError?.(error instanceof Error ? error : new Error(String(error)));
  };
}

/**
 * Keeps a LISTEN on the channel: each payload `parse` accepts goes to `onNotice`; `onConnected` runs after every
 * (re)connect, because notices sent while nobody listened are lost.
 */
export function listenForNotices<N>(
  settings: ListenSettings,
  report: Report,
  handlers: { parse(payload: string): N | null; onNotice(notice: N): void; onConnected(): void },
): KeptListener {
  return keepListening({
    connectionString: settings.connectionString,
    applicationName: settings.applicationName,
    channel: settings.channel,
    onPayload(payload) {
      const notice = handlers.parse(payload);
      if (notice !== null) handlers.onNotice(notice);
    },
    onConnected: () => {
      handlers.onConnected();
    },
    onError: report,
    ...(settings.reconnectDelayMs === undefined ? {} : { reconnectDelayMs: settings.reconnectDelayMs }),
    ...(settings.probeIntervalMs === undefined ? {} : { probeIntervalMs: settings.probeIntervalMs }),
  });
}

/** A hub's outside: start and stop the listener (stopping also drops every subscriber), its state and head count. */
export function hubOver<S>(
  listener: KeptListener,
  subscribers: { readonly size: number; clear(): void },
  subscribe: S,
): { start(): Promise<void>; subscribe: S; readonly listening: boolean; readonly size: number; stop(): Promise<void> } {
  return {
    start: () => listener.start(),
    subscribe,
    get listening() {
      return listener.listening;
    },
    get size() {
      return subscribers.size;
    },
    async stop() {
      await listener.stop();
      subscribers.clear();
    },
  };
}
