// An EventSource-style client for tests and benchmarks: parses text/event-stream, keeps the last id, waits for events.
import http from 'node:http';

export type SseMessage = {
  readonly id: string | null;
  readonly event: string;
  readonly data: string;
  readonly at: number;
};

export type SseClient = {
  readonly messages: SseMessage[];
  /** Comment lines received (`: heartbeat`). */
  readonly comments: string[];
  readonly status: number;
  /** The id of the last message that carried one (what EventSource sends as Last-Event-ID). */
  readonly lastEventId: string | null;
  /** Called for every message as it arrives (benchmarks timestamp it). */
  onMessage: ((message: SseMessage) => void) | null;
  /** Resolves with the first message (already received or future) that satisfies the predicate. */
  waitFor(predicate: (message: SseMessage) => boolean, timeoutMs?: number): Promise<SseMessage>;
  close(): void;
};

/** Opens `url` with `Accept: text/event-stream` (plus cookie / Last-Event-ID), resolving once headers arrived. */
export function openSse(
  url: string,
  options: { readonly cookie?: string; readonly lastEventId?: string; readonly accept?: string } = {},
): Promise<SseClient> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { accept: options.accept ?? 'text/event-stream' };
    if (options.cookie !== undefined) headers['cookie'] = options.cookie;
    if (options.lastEventId !== undefined) headers['last-event-id'] = options.lastEventId;
    const request = http.get(url, { headers }, (response) => {
      const messages: SseMessage[] = [];
      const comments: string[] = [];
      const waiters = new Set<{ predicate: (m: SseMessage) => boolean; resolve: (m: SseMessage) => void }>();
      let buffer = '';
      let lastEventId: string | null = options.lastEventId ?? null;
      const client: SseClient = {
        messages,
        comments,
        status: response.statusCode ?? 0,
        get lastEventId() {
          return lastEventId;
        },
        onMessage: null,
        waitFor(predicate, timeoutMs = 10_000) {
          const found = messages.find(predicate);
          if (found !== undefined) return Promise.resolve(found);
          return new Promise((resolveWait, rejectWait) => {
            const waiter = {
              predicate,
              resolve: (m: SseMessage) => {
                clearTimeout(timer);
                resolveWait(m);
              },
            };
            const timer = setTimeout(() => {
              waiters.delete(waiter);
              rejectWait(
                new Error(
                  `no matching SSE message within ${String(timeoutMs)} ms; got ${JSON.stringify(messages.map((m) => m.event))}`,
                ),
              );
            }, timeoutMs);
            waiters.add(waiter);
          });
        },
        close() {
          request.destroy();
        },
      };
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => {
        buffer += chunk;
        for (let boundary = /\r?\n\r?\n/.exec(buffer); boundary !== null; boundary = /\r?\n\r?\n/.exec(buffer)) {
          const block = buffer.slice(0, boundary.index);
          buffer = buffer.slice(boundary.index + boundary[0].length);
          let id: string | null = null;
          let event = 'message';
          const data: string[] = [];
          let isMessage = false;
          for (const line of block.split(/\r?\n/)) {
            if (line.startsWith(':')) {
              comments.push(line.slice(1).trim());
              continue;
            }
            const colon = line.indexOf(':');
            const field = colon === -1 ? line : line.slice(0, colon);
            const value = colon === -1 ? '' : line.slice(colon + 1).replace(/^ /, '');
            if (field === 'id') id = value;
            else if (field === 'event') event = value;
            else if (field === 'data') {
              data.push(value);
              isMessage = true;
            }
          }
          if (id !== null) lastEventId = id;
          if (!isMessage) continue;
          const message: SseMessage = { id, event, data: data.join('\n'), at: performance.now() };
          messages.push(message);
          client.onMessage?.(message);
          for (const waiter of [...waiters]) {
            if (waiter.predicate(message)) {
              waiters.delete(waiter);
              waiter.resolve(message);
            }
          }
        }
      });
      response.on('error', () => undefined);
      resolve(client);
    });
    request.on('error', reject);
  });
}
