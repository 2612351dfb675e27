// crmhub backup → wipe → crmhub restore gives back the same data with working credentials, on a server or embedded.
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';

import { generateSecretKey } from '../../src/adapters/crypto/secret-box.js';
import { dropDatabase, ensureDatabase, withDatabaseName } from '../../src/adapters/db/admin.js';
import { openDatabase } from '../../src/adapters/db/pool.js';
import { findConnection } from '../../src/adapters/db/repos/connections.repo.js';
import { loadConfig } from '../../src/app/config.js';
import { startCrmhub } from '../../src/app/runtime.js';
import { crmSourceOf } from '../../src/app/use-cases/sync/connectors.js';
import { runCrmhub } from '../helpers/process.js';
import { startSyncWorld } from '../helpers/sync-world.js';

import type { Db } from '../../src/adapters/db/pool.js';
import type { SyncWorld } from '../helpers/sync-world.js';

const serverUrl = inject('databaseServerUrl');
let world: SyncWorld;
let workDir: string;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  world = await startSyncWorld({ orgs: 6 });
  workDir = await mkdtemp(path.join(tmpdir(), 'crmhub-backup-'));
  // The embedded PostgreSQL runs as the postgres user, who must be able to reach data dirs inside it.
  await chmod(workDir, 0o755);
});
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  await world.close();
  await rm(workDir, { recursive: true, force: true });
});

async function emptyDatabase(): Promise<{ url: string; db: Db }> {
  const name = `${inject('runPrefix')}restore_${randomBytes(3).toString('hex')}`;
  await ensureDatabase(serverUrl, name);
  const handle = openDatabase(withDatabaseName(serverUrl, name));
  cleanups.push(async () => {
    await handle.close();
    await dropDatabase(serverUrl, name);
  });
  return { url: withDatabaseName(serverUrl, name), db: handle.db };
}

/** Every crmhub table's rows, in a stable order, as JSON text (what a restore must give back exactly). */
async function contents(db: Db): Promise<Record<string, string[]>> {
  const tables = await sql<{ name: string }>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`.execute(db);
  const out: Record<string, string[]> = {};
  for (const { name } of tables.rows) {
    const rows = await sql<{ row: string }>`SELECT row_to_json(t)::text AS row FROM ${sql.table(name)} t`.execute(db);
    out[name] = rows.rows.map((r) => r.row).sort();
  }
  return out;
}

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const run = runCrmhub(args, env);
  const code = await run.exited();
  return { code, output: run.output() };
}

describe('backup and restore on a PostgreSQL server', () => {
  const file = (): string => path.join(workDir, 'server.crmhub-backup.gz');

  it('restores the same rows into an empty database, and the stored credentials work again', async () => {
    const env = { DATABASE_URL: world.database.url, CRMHUB_SECRET_KEY: world.secretKey };
    const backup = await cli(['backup', '--file', file()], env);
    expect(backup.code, backup.output).toBe(0);
    expect(backup.output).toMatch(/Keep the master key \(CRMHUB_SECRET_KEY\) with this backup/);

    const target = await emptyDatabase();
    const restore = await cli(['restore', '--file', file()], { ...env, DATABASE_URL: target.url });
    expect(restore.code, restore.output).toBe(0);
    // The migration bookkeeping is written anew by the restore (its own timestamps); everything else comes back.
    const { kysely_migration: _m, kysely_migration_lock: _l, ...restored } = await contents(target.db);
    const { kysely_migration: _sm, kysely_migration_lock: _sl, ...original } = await contents(world.database.db);
    expect(Object.keys(restored)).toEqual(Object.keys(original));
    for (const table of Object.keys(original)) expect(restored[table], table).toEqual(original[table]);

    const config = loadConfig({
      DATABASE_URL: target.url,
      CRMHUB_SECRET_KEY: world.secretKey,
      PORT: '0',
      CRMHUB_ALLOW_INSECURE_LOOPBACK: 'true', // the simulated CRM listens on http://127.0.0.1
    });
    const running = await startCrmhub(config, { role: 'api', webRoot: null, log: () => undefined });
    cleanups.push(() => running.stop());
    const connection = await findConnection(running.deps.db, world.crmConnectionId);
    if (connection === null) throw new Error('the CRM connection was not restored');
    const source = crmSourceOf(running.deps, connection);
    expect(source.ok && (await source.value.verify()).ok).toBe(true);
  });

  it('refuses a database that already holds data, another master key, and a file that is no backup', async () => {
    const env = { DATABASE_URL: world.database.url, CRMHUB_SECRET_KEY: world.secretKey };
    const full = await cli(['restore', '--file', file()], env);
    expect(full.code).toBe(1);
    expect(full.output).toMatch(/already holds data \(table \w+\): restore needs an empty database/);

    const target = await emptyDatabase();
    const wrongKey = await cli(['restore', '--file', file()], {
      DATABASE_URL: target.url,
      CRMHUB_SECRET_KEY: generateSecretKey(),
    });
    expect(wrongKey.code).toBe(1);
    expect(wrongKey.output).toMatch(/made with another master key/);
    expect(await target.db.selectFrom('users').select('id').execute()).toEqual([]);
    expect(await target.db.selectFrom('connections').select('id').execute()).toEqual([]);

    const notABackup = path.join(workDir, 'notes.txt');
    await writeFile(notABackup, 'hello');
    const bad = await cli(['restore', '--file', notABackup], { ...env, DATABASE_URL: target.url });
    expect(bad.code).toBe(1);
    expect(bad.output).toMatch(/not a crmhub backup/);
  }, 180_000);
});

describe('backup and restore on the embedded database', () => {
  it('a wiped data dir with the kept secret.key gets the same data back', async () => {
    const source = await mkdtemp(path.join(workDir, 'embedded-a-'));
    const add = runCrmhub(
      ['user', 'add', '--email', 'piet@kantoor.nl', '--role', 'employee'],
      {
        CRMHUB_DATA_DIR: source,
      },
      'een lang wachtwoord\n',
    );
    expect(await add.exited(), add.output()).toBe(0);
    const first = path.join(workDir, 'embedded-1.gz');
    expect((await cli(['backup', '--file', first], { CRMHUB_DATA_DIR: source })).code).toBe(0);

    const wiped = await mkdtemp(path.join(workDir, 'embedded-b-'));
    await copyFile(path.join(source, 'secret.key'), path.join(wiped, 'secret.key'));
    const restore = await cli(['restore', '--file', first], { CRMHUB_DATA_DIR: wiped });
    expect(restore.code, restore.output).toBe(0);
    const second = path.join(workDir, 'embedded-2.gz');
    expect((await cli(['backup', '--file', second], { CRMHUB_DATA_DIR: wiped })).code).toBe(0);

    const rows = async (file: string): Promise<string[]> =>
      gunzipSync(await readFile(file))
        .toString('utf8')
        .split('\n')
        .slice(1);
    expect(await rows(second)).toEqual(await rows(first));
    expect((await rows(first)).some((line) => line.includes('piet@kantoor.nl'))).toBe(true);
    // Five crmhub processes, each starting (and the first creating) an embedded PostgreSQL.
  }, 240_000);
});
