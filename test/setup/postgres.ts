// Integration-test database: DATABASE_URL's server, or an embedded PostgreSQL; one migrated template per run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';

import { dropDatabase, ensureDatabase, withDatabaseName } from '../../src/adapters/db/admin.js';
import { migrateToLatest } from '../../src/adapters/db/migrate.js';
import { openDatabase } from '../../src/adapters/db/pool.js';
import { startPgServer } from '../helpers/pg-server.js';

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
  const server = await startPgServer('crmhub-test-pg-');
  const serverUrl = server.url;
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
    await server.stop();
  };
}
