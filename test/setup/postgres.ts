// Integration-test database: DATABASE_URL's server, or an embedded PostgreSQL; one migrated template per run.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';

import { dropDatabase, ensureDatabase, withDatabaseName } from '../../src/adapters/db/admin.js';
import { startEmbeddedDatabase } from '../../src/adapters/db/embedded.js';
import { migrateToLatest } from '../../src/adapters/db/migrate.js';
import { openDatabase } from '../../src/adapters/db/pool.js';

import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseServerUrl: string;
    templateDatabase: string;
    runPrefix: string;
  }
}

async function dropRunDatabases(serverUrl: string, prefix: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  const { rows } = await client.query<{ datname: string }>('SELECT datname FROM pg_database WHERE datname LIKE $1', [
    `${prefix}%`,
  ]);
  await client.end();
  for (const row of rows) await dropDatabase(serverUrl, row.datname);
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const runPrefix = `crmhub_t${randomBytes(4).toString('hex')}_`;
  const external = process.env['DATABASE_URL'];
  let serverUrl: string;
  let stopEmbedded = (): Promise<void> => Promise.resolve();
  if (external !== undefined && external !== '') {
    serverUrl = external;
  } else {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'crmhub-test-pg-'));
    const embedded = await startEmbeddedDatabase({ dataDir, log: () => undefined });
    serverUrl = embedded.url;
    stopEmbedded = async () => {
      await embedded.stop();
      await rm(dataDir, { recursive: true, force: true });
    };
  }
  const templateDatabase = `${runPrefix}template`;
  await ensureDatabase(serverUrl, templateDatabase);
  const template = openDatabase(withDatabaseName(serverUrl, templateDatabase), { max: 1 });
  await migrateToLatest(template.db);
  await template.close();

  project.provide('databaseServerUrl', serverUrl);
  project.provide('templateDatabase', templateDatabase);
  project.provide('runPrefix', runPrefix);
  return async () => {
    await dropRunDatabases(serverUrl, runPrefix);
    await stopEmbedded();
  };
}
