/** Per-user pop-up channels of one crmhub instance, fed across instances by PostgreSQL LISTEN/NOTIFY. */
import { hubOver, listenForNotices, reporterFor } from './listening-hub.js';

import type { Report } from './listening-hub.js';

/** One stored event of a user's stream; `seq` is the per-user sequence number (the SSE id). */
export type PushEvent = { readonly seq: number; readonly kind: string; readonly payload: unknown };

/** Whether a subscriber still wants a re-read (set by notices that arrive while it reads). */
function pending(sub: { readonly again: boolean; readonly closed: boolean }): boolean {
  return sub.again && !sub.closed;
}

/** What a notification on the channel carries: the user, the event's sequence number and, when small, the event. */
export type PushNotice = { readonly u: string; readonly s: number; readonly k?: string; readonly p?: unknown };

export type PushHubOptions = {
  readonly connectionString: string;
  readonly channel: string;
  /** Events of a user after `afterSeq`, oldest first, at most `limit`. */
  fetchSince(userId: string, afterSeq: number, limit: number): Promise<PushEvent[]>;
  /** Waits between reconnect attempts of the listening client (grows to max). */
  readonly reconnectDelayMs?: { readonly min: number; readonly max: number };
  /** How often the listening client is probed, so a silently dropped connection is noticed. */
  readonly probeIntervalMs?: number;
  readonly onError?: (error: Error) => void;
};

export type Subscription = { close(): void; readonly userId: string };

export type PushHub = {
  /** Connects the listening client (and keeps reconnecting it until stop). */
  start(): Promise<void>;
  /** Delivers every event of `userId` after `afterSeq`, first the stored ones, then live ones, in order, once. */
  subscribe(userId: string, afterSeq: number, deliver: (event: PushEvent) => void): Subscription;
  /** True while the listening client is connected. */
  readonly listening: boolean;
  /** Open subscriptions on this instance. */
  readonly size: number;
  stop(): Promise<void>;
};

const FETCH_LIMIT = 500;

type Sub = {
  readonly userId: string;
  lastSeq: number;
  busy: boolean;
  again: boolean;
  closed: boolean;
  readonly deliver: (event: PushEvent) => void;
};

function parseNotice(text: string): PushNotice | null {
  try {
    const value = JSON.parse(text) as unknown;
    if (typeof value !== 'object' || value === null) return null;
    const notice = value as Partial<PushNotice>;
    return typeof notice.u === 'string' && typeof notice.s === 'number' ? (notice as PushNotice) : null;
  } catch {
    return null;
  }
}

function deliverTo(sub: Sub, event: PushEvent, report: Report): void {
  if (sub.closed || event.seq <= sub.lastSeq) return;
  sub.lastSeq = event.seq;
  try {
    sub.deliver(event);
  } catch (error) {
    report(error);
  }
}

/** Reads stored events after the subscriber's position; re-runs when a notice arrived meanwhile. */
async function catchUp(sub: Sub, fetchSince: PushHubOptions['fetchSince'], report: Report): Promise<void> {
  if (sub.busy) {
    sub.again = true;
    return;
  }
  sub.busy = true;
  try {
    do {
      sub.again = false;
      for (;;) {
        const events = await fetchSince(sub.userId, sub.lastSeq, FETCH_LIMIT);
        for (const event of events) deliverTo(sub, event, report);
        if (events.length < FETCH_LIMIT || sub.closed) break;
      }
    } while (pending(sub));
  } catch (error) {
    report(error);
  } finally {
    sub.busy = false;
  }
}

/** This instance's open subscriptions, fed by notices and by reading the stored events. */
type Subscribers = {
  onNotice(notice: PushNotice): void;
  /** Every stream re-reads the table once (after notices may have been lost). */
  catchUpAll(): void;
  subscribe: PushHub['subscribe'];
  readonly size: number;
  clear(): void;
};

function createSubscribers(fetchSince: PushHubOptions['fetchSince'], report: Report): Subscribers {
  const subs = new Map<string, Set<Sub>>();
  return {
    onNotice(notice) {
      for (const sub of subs.get(notice.u) ?? []) {
        if (notice.s <= sub.lastSeq) continue;
        // The next event in sequence with its content can go straight out; anything else is read from the table.
        if (!sub.busy && notice.s === sub.lastSeq + 1 && notice.k !== undefined && 'p' in notice) {
          deliverTo(sub, { seq: notice.s, kind: notice.k, payload: notice.p }, report);
        } else {
          void catchUp(sub, fetchSince, report);
        }
      }
    },
    catchUpAll() {
      for (const set of subs.values()) for (const sub of set) void catchUp(sub, fetchSince, report);
    },
    subscribe(userId, afterSeq, deliver) {
      const sub: Sub = { userId, lastSeq: afterSeq, busy: false, again: false, closed: false, deliver };
      const set = subs.get(userId) ?? new Set<Sub>();
      set.add(sub);
      subs.set(userId, set);
      void catchUp(sub, fetchSince, report);
      return {
        userId,
        close() {
          sub.closed = true;
          set.delete(sub);
          if (set.size === 0 && subs.get(userId) === set) subs.delete(userId);
        },
      };
    },
    get size() {
      let n = 0;
      for (const set of subs.values()) n += set.size;
      return n;
    },
    clear() {
      subs.clear();
    },
  };
}

export function createPushHub(options: PushHubOptions): PushHub {
  const report = reporterFor(options.onError);
  const subscribers = createSubscribers(
    (userId, afterSeq, limit) => options.fetchSince(userId, afterSeq, limit),
    report,
  );
  const listener = listenForNotices({ ...options, applicationName: 'crmhub-popups' }, report, {
    parse: parseNotice,
    onNotice: (notice) => {
      subscribers.onNotice(notice);
    },
    // Notices sent while no client listened are lost: every stream re-reads the table once.
    onConnected: () => {
      subscribers.catchUpAll();
    },
  });
  return hubOver(listener, subscribers, (userId: string, afterSeq: number, deliver: (event: PushEvent) => void) =>
    subscribers.subscribe(userId, afterSeq, deliver),
  );
}

/** One Server-Sent Events frame; ids and event names must not contain line breaks (they would split the frame). */
export function formatSseFrame(frame: {
  readonly id?: string;
  readonly event?: string;
  readonly data: string;
}): string {
  const lines: string[] = [];
  if (frame.id !== undefined) {
    if (/[\r\n]/.test(frame.id)) throw new Error('an SSE id must not contain a line break');
    lines.push(`id: ${frame.id}`);
  }
  if (frame.event !== undefined) {
    if (/[\r\n]/.test(frame.event)) throw new Error('an SSE event name must not contain a line break');
    lines.push(`event: ${frame.event}`);
  }
  for (const line of frame.data.split(/\r\n|\r|\n/)) lines.push(`data: ${line}`);
  return `${lines.join('\n')}\n\n`;
}
