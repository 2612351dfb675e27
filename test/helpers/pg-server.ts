// A PostgreSQL server for a test or benchmark run: DATABASE_URL's, or a new embedded one in a temporary folder.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { startEmbeddedDatabase } from '../../src/adapters/db/embedded.js';

export type PgServer = {
  /** URL of the server's default database. */
  readonly url: string;
  /** Stops the embedded server and removes its folder; nothing for DATABASE_URL's server. */
  stop(): Promise<void>;
};

export async function startPgServer(tempPrefix: string): Promise<PgServer> {
  const external = process.env['DATABASE_URL'];
  if (external !== undefined && external !== '') return { url: external, stop: () => Promise.resolve() };
  const dataDir = await mkdtemp(path.join(tmpdir(), tempPrefix));
  const embedded = await startEmbeddedDatabase({ dataDir, log: () => undefined });
  return {
    url: embedded.url,
    async stop() {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
