// Several instances started at once on a fresh or outdated database all become ready; a wrong master key is refused.
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, inject, it } from 'vitest';

import { generateSecretKey } from '../../src/adapters/crypto/secret-box.js';
import { dropDatabase, ensureDatabase, withDatabaseName } from '../../src/adapters/db/admin.js';
import { migrateUpTo, pendingMigrations } from '../../src/adapters/db/migrate.js';
import { openDatabase } from '../../src/adapters/db/pool.js';
import { loadConfig } from '../../src/app/config.js';
import { startCrmhub } from '../../src/app/runtime.js';

import type { RunningCrmhub } from '../../src/app/runtime.js';

const serverUrl = inject('databaseServerUrl');
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function emptyDatabase(): Promise<string> {
  const name = `${inject('runPrefix')}scale_${randomBytes(3).toString('hex')}`;
  await ensureDatabase(serverUrl, name);
  cleanups.push(() => dropDatabase(serverUrl, name));
  return withDatabaseName(serverUrl, name);
}

async function startInstance(url: string, secretKey: string): Promise<RunningCrmhub> {
  const config = loadConfig({
    DATABASE_URL: url,
    CRMHUB_SECRET_KEY: secretKey,
    PORT: '0',
    LOG_LEVEL: 'silent',
    CRMHUB_SHUTDOWN_TIMEOUT_MS: '2000',
  });
  const running = await startCrmhub(config, { role: 'all', webRoot: null, log: () => undefined });
  cleanups.push(() => running.stop());
  return running;
}

async function expectAllReady(url: string, secretKey: string): Promise<void> {
  const started = await Promise.allSettled([1, 2, 3].map(() => startInstance(url, secretKey)));
  const failures = started.flatMap((outcome) => (outcome.status === 'rejected' ? [String(outcome.reason)] : []));
  expect(failures).toEqual([]);
  for (const outcome of started) {
    if (outcome.status !== 'fulfilled') continue;
    const ready = await fetch(`${outcome.value.url ?? ''}/readyz`);
    expect(ready.status).toBe(200);
  }
}

describe('several instances starting at once', () => {
  it('on a fresh database: one migrates (schema and job queue), the others wait, all three become ready', async () => {
    await expectAllReady(await emptyDatabase(), generateSecretKey());
  });

  it('on a database with a pending migration: all three become ready', async () => {
    const url = await emptyDatabase();
    const handle = openDatabase(url);
    const all = await pendingMigrations(handle.db);
    await migrateUpTo(handle.db, all.at(-2) ?? '');
    expect(await pendingMigrations(handle.db)).toHaveLength(1);
    await handle.close();
    await expectAllReady(url, generateSecretKey());
  });

  it('an instance whose master key cannot read the stored credentials refuses to start and says so', async () => {
    const url = await emptyDatabase();
    await startInstance(url, generateSecretKey());
    await expect(startInstance(url, generateSecretKey())).rejects.toThrow(/CRMHUB_SECRET_KEY.*not the key/);
  });
});
