// Keeps a Server-Sent Events stream open for as long as a component wants it, across refusals and lost connections.
/** After the server refused the stream (EventSource then gives up), try again this much later. */
const RETRY_MS = 10_000;

/**
 * Opens `url()` and hands each new EventSource to `listen` to add its listeners. The browser reconnects a dropped
 * connection by itself; after a refusal a new EventSource is opened after a pause. Returns what closes it for good.
 */
export function keepEventSource(url: () => string, listen: (source: EventSource) => void): () => void {
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | null = null;
  let stopped = false;
  const open = (): void => {
    const stream = new EventSource(url(), { withCredentials: true });
    source = stream;
    listen(stream);
    stream.onerror = () => {
      if (stream.readyState !== EventSource.CLOSED || stopped) return;
      retry = setTimeout(open, RETRY_MS);
    };
  };
  open();
  return () => {
    stopped = true;
    if (retry !== null) clearTimeout(retry);
    source?.close();
  };
}
