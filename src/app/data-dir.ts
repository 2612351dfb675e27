/** The data dir in embedded mode: one crmhub at a time (lock file) and a master key generated once (mode 0600). */
import { mkdir, open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

import { generateSecretKey } from '../adapters/crypto/secret-box.js';
import { isProcessAlive } from '../adapters/shared/process.js';

export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

type LockContent = { pid: number; databaseUrl: string | null };

export type DataDirLock = {
  /** Records the URL of the embedded database, so shell commands can reach it while crmhub runs. */
  publish(databaseUrl: string): Promise<void>;
  release(): Promise<void>;
};

const lockPath = (dataDir: string): string => path.join(dataDir, 'crmhub.lock');

async function readLock(dataDir: string): Promise<LockContent | null> {
  const text = await readFile(lockPath(dataDir), 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = JSON.parse(text) as Partial<LockContent>;
    return { pid: Number(parsed.pid), databaseUrl: typeof parsed.databaseUrl === 'string' ? parsed.databaseUrl : null };
  } catch {
    return { pid: Number.NaN, databaseUrl: null };
  }
}

/** The live crmhub holding the data dir, if any (its pid and embedded database URL). */
export async function runningInstance(dataDir: string): Promise<LockContent | null> {
  const lock = await readLock(dataDir);
  return lock !== null && Number.isInteger(lock.pid) && lock.pid !== process.pid && isProcessAlive(lock.pid)
    ? lock
    : null;
}

/** Takes the data dir's lock; throws DataDirInUseError when another live crmhub holds it. */
export async function lockDataDir(dataDir: string): Promise<DataDirLock> {
  await mkdir(dataDir, { recursive: true });
  const file = lockPath(dataDir);
  const write = (content: LockContent): Promise<void> => writeFile(file, JSON.stringify(content), { mode: 0o600 });
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, databaseUrl: null }));
      await handle.close();
      return {
        publish: (databaseUrl) => write({ pid: process.pid, databaseUrl }),
        release: () => rm(file, { force: true }),
      };
    } catch (error) {
      if (!(error instanceof Error && 'code' in error && error.code === 'EEXIST')) throw error;
      const holder = await runningInstance(dataDir);
      if (holder !== null) {
        throw new DataDirInUseError(
          `another crmhub (pid ${holder.pid}) is already running on the data dir ${dataDir}; stop it first or set CRMHUB_DATA_DIR to another folder`,
        );
      }
      // The holder died without cleaning up (crash, SIGKILL): the lock is stale.
      await rm(file, { force: true });
    }
  }
  throw new DataDirInUseError(`could not lock the data dir ${dataDir}`);
}

/** The master key stored in the data dir, created on first use with owner-only permissions. */
export async function readOrCreateSecretKey(dataDir: string): Promise<string> {
  const keyFile = path.join(dataDir, 'secret.key');
  const existing = await readFile(keyFile, 'utf8').catch(() => null);
  if (existing !== null) return existing.trim();
  const key = generateSecretKey();
  await writeFile(keyFile, `${key}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
