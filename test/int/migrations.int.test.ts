import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import { Registry } from 'prom-client';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { createSecretBox, generateSecretKey } from '../../src/adapters/crypto/secret-box.js';
import { dropDatabase, ensureDatabase, withDatabaseName } from '../../src/adapters/db/admin.js';
import { migrateToLatest, pendingMigrations } from '../../src/adapters/db/migrate.js';
import { openDatabase } from '../../src/adapters/db/pool.js';
import { loadConfig } from '../../src/app/config.js';
import { buildApp } from '../../src/app/http/app.js';

import type { DatabaseHandle } from '../../src/adapters/db/pool.js';

const serverUrl = inject('databaseServerUrl');
const name = `${inject('runPrefix')}empty_${randomBytes(3).toString('hex')}`;
let handle: DatabaseHandle;

beforeAll(async () => {
  await ensureDatabase(serverUrl, name);
  handle = openDatabase(withDatabaseName(serverUrl, name));
});
afterAll(async () => {
  await handle.close();
  await dropDatabase(serverUrl, name);
});

describe('migrations', () => {
  it('keeps /readyz at 503 until migrations are applied, then 200; applying twice changes nothing', async () => {
    const secretKey = generateSecretKey();
    const app = await buildApp({
      config: loadConfig({ DATABASE_URL: withDatabaseName(serverUrl, name), CRMHUB_SECRET_KEY: secretKey }),
      db: handle.db,
      clock: () => new Date(),
      secretBox: createSecretBox(secretKey),
      metrics: new Registry(),
      queue: null,
      webRoot: null,
    });
    const pending = await pendingMigrations(handle.db);
    expect(pending.length).toBeGreaterThan(0);
    const before = await app.inject({ url: '/readyz' });
    expect(before.statusCode).toBe(503);
    expect(before.json()).toMatchObject({
      code: 'database_unavailable',
      detail: expect.stringContaining(pending[0] ?? '?') as unknown,
    });

    expect(await migrateToLatest(handle.db)).toEqual(pending);
    expect(await migrateToLatest(handle.db)).toEqual([]);
    expect((await app.inject({ url: '/readyz' })).statusCode).toBe(200);

    const tables = await sql<{
      tablename: string;
    }>`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`.execute(handle.db);
    expect(tables.rows.map((row) => row.tablename)).toEqual(
      expect.arrayContaining(['portals', 'domains', 'administrations', 'users', 'user_domains', 'sessions']),
    );
    await app.close();
  });

  it('lets two instances migrate the same database at once without conflict', async () => {
    const fresh = `${name}_b`;
    await ensureDatabase(serverUrl, fresh);
    const a = openDatabase(withDatabaseName(serverUrl, fresh));
    const b = openDatabase(withDatabaseName(serverUrl, fresh));
    try {
      const all = await pendingMigrations(a.db);
      const [first, second] = await Promise.all([migrateToLatest(a.db), migrateToLatest(b.db)]);
      // Each migration ran exactly once, whichever instance ran it.
      expect([...first, ...second].sort()).toEqual(all);
      expect(await pendingMigrations(a.db)).toEqual([]);
    } finally {
      await Promise.all([a.close(), b.close()]);
      await dropDatabase(serverUrl, fresh);
    }
  });
});
