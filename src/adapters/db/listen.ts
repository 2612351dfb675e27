/** A connection of its own that LISTENs on one channel: LISTEN/NOTIFY cannot share a pooled connection. */
import pg from 'pg';

export type ListenConnection = {
  /** Connects and LISTENs; false (the connection is closed again) when that failed. */
  start(): Promise<boolean>;
  /** One round trip, so that a silently dropped connection is noticed (it rejects then). */
  probe(): Promise<void>;
  /** Stops delivering notifications and closes the connection. */
  end(): Promise<void>;
};

export type ListenOptions = {
  readonly connectionString: string;
  readonly applicationName: string;
  readonly channel: string;
  onPayload(payload: string): void;
  /** The connection failed or ended; no more payloads come from it. */
  onLost(error?: unknown): void;
};

export function openListenConnection(options: ListenOptions): ListenConnection {
  const client = new pg.Client({
    connectionString: options.connectionString,
    application_name: options.applicationName,
    keepAlive: true,
    connectionTimeoutMillis: 5_000,
  });
  client.on('error', (error) => {
    options.onLost(error);
  });
  client.on('end', () => {
    options.onLost();
  });
  client.on('notification', (message) => {
    if (message.channel === options.channel && message.payload !== undefined) options.onPayload(message.payload);
  });
  const end = async (): Promise<void> => {
    client.removeAllListeners('notification');
    await client.end().catch(() => undefined);
  };
  return {
    async start() {
      try {
        await client.connect();
        await client.query(`LISTEN ${pg.escapeIdentifier(options.channel)}`);
        return true;
      } catch (error) {
        options.onLost(error);
        await end();
        return false;
      }
    },
    async probe() {
      await client.query('SELECT 1');
    },
    end,
  };
}

/** A LISTEN that stays up: it reconnects with a growing delay and probes for a silently dropped connection. */
export type KeptListener = { start(): Promise<void>; stop(): Promise<void>; readonly listening: boolean };

export type KeepListeningOptions = {
  readonly connectionString: string;
  readonly applicationName: string;
  readonly channel: string;
  readonly onPayload: (payload: string) => void;
  /** Connected (again): notifications sent while nobody listened are lost, so readers should catch up. */
  readonly onConnected: () => void;
  readonly onError: (error: unknown) => void;
  /** Waits between reconnect attempts (grows to max). */
  readonly reconnectDelayMs?: { readonly min: number; readonly max: number };
  /** How often the connection is probed, so a silently dropped one is noticed. */
  readonly probeIntervalMs?: number;
};

/** Probes the connection every `intervalMs` so a silently dropped one is noticed (`lost`). */
function startProbe(
  connection: ListenConnection,
  intervalMs: number,
  report: (error: unknown) => void,
  lost: (connection: ListenConnection) => void,
): NodeJS.Timeout {
  const timer = setInterval(() => {
    connection.probe().catch((error: unknown) => {
      report(error);
      lost(connection);
    });
  }, intervalMs);
  timer.unref();
  return timer;
}

/** Keeps one LISTEN connection on the channel until stopped (see {@link KeptListener}). */
export function keepListening(options: KeepListeningOptions): KeptListener {
  const delays = options.reconnectDelayMs ?? { min: 100, max: 5_000 };
  let client: ListenConnection | null = null;
  let listening = false;
  let stopped = false;
  let delay = delays.min;
  let reconnectTimer: NodeJS.Timeout | null = null;
  let probeTimer: NodeJS.Timeout | null = null;
  // Read through a function: `stop()` may flip it while connect() awaits.
  const isStopped = (): boolean => stopped;

  const scheduleReconnect = (): void => {
    if (stopped || reconnectTimer !== null) return;
    reconnectTimer = setTimeout(() => {
      reconnectTimer = null;
      void connect();
    }, delay);
    delay = Math.min(delays.max, delay * 2);
  };

  const dropClient = (): void => {
    const old = client;
    [listening, client] = [false, null];
    if (probeTimer !== null) clearInterval(probeTimer);
    probeTimer = null;
    if (old !== null) void old.end();
  };

  const lost = (which: ListenConnection): void => {
    if (client === which) {
      dropClient();
      scheduleReconnect();
    }
  };

  async function connect(): Promise<void> {
    if (stopped) return;
    const next: ListenConnection = openListenConnection({
      connectionString: options.connectionString,
      applicationName: options.applicationName,
      channel: options.channel,
      onPayload: options.onPayload,
      onLost(error) {
        if (error !== undefined) options.onError(error);
        lost(next);
      },
    });
    if (!(await next.start())) {
      scheduleReconnect();
      return;
    }
    if (isStopped()) {
      await next.end();
      return;
    }
    client = next;
    listening = true;
    delay = delays.min;
    probeTimer = startProbe(next, options.probeIntervalMs ?? 15_000, options.onError, lost);
    options.onConnected();
  }

  return {
    async start() {
      stopped = false;
      await connect();
    },
    get listening() {
      return listening;
    },
    async stop() {
      stopped = true;
      if (reconnectTimer !== null) clearTimeout(reconnectTimer);
      reconnectTimer = null;
      const old = client;
      dropClient();
      if (old !== null) await old.end();
    },
  };
}
