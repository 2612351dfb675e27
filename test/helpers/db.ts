// A fresh, migrated database per test file (a copy of the run's template), dropped again at close.
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';

import { dropDatabase, ensureDatabase, withDatabaseName } from '../../src/adapters/db/admin.js';
import { openDatabase } from '../../src/adapters/db/pool.js';

import type { Db } from '../../src/adapters/db/pool.js';

export type TestDatabase = {
  readonly url: string;
  readonly db: Db;
  /** Opens another pool on the same database (e.g. to play a second crmhub instance). */
  open(): { db: Db; close(): Promise<void> };
  close(): Promise<void>;
};

export async function createTestDb(): Promise<TestDatabase> {
  const serverUrl = inject('databaseServerUrl');
  const name = `${inject('runPrefix')}${randomBytes(6).toString('hex')}`;
  await ensureDatabase(serverUrl, name, inject('templateDatabase'));
  const url = withDatabaseName(serverUrl, name);
  const handle = openDatabase(url);
  return {
    url,
    db: handle.db,
    open() {
      const extra = openDatabase(url);
      return { db: extra.db, close: () => extra.close() };
    },
    async close() {
      await handle.close();
      await dropDatabase(serverUrl, name);
    },
  };
}
