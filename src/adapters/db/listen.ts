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
