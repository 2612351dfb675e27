// A supervisor's SIGTERM to `npm start` stops crmhub and its embedded PostgreSQL: no process is left behind.
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { isProcessAlive } from '../../src/adapters/shared/process.js';
import { childEnv } from '../helpers/process.js';

const repoRoot = path.resolve(import.meta.dirname, '../..');
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'crmhub-npm-start-'));
});
afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

/** Every process below `root` (children, their children, …), read from /proc. */
async function descendants(root: number): Promise<number[]> {
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    // The parent pid is the 2nd field after the parenthesised command name (which may hold spaces).
    const parent = Number(stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    if (!Number.isInteger(parent)) continue;
    parents.set(parent, [...(parents.get(parent) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const visit = (pid: number): void => {
    for (const child of parents.get(pid) ?? []) {
      found.push(child);
      visit(child);
    }
  };
  visit(root);
  return found;
}

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await sleep(100);
  }
  return true;
}

describe('npm start under a supervisor', () => {
  it('SIGTERM to npm stops crmhub and its PostgreSQL within the shutdown timeout', async () => {
    const npm = spawn('npm', ['start'], {
      cwd: repoRoot,
      env: childEnv({ CRMHUB_DATA_DIR: dataDir, PORT: '0', CRMHUB_SHUTDOWN_TIMEOUT_MS: '3000' }),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    npm.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    npm.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<void>((resolve) => {
      npm.once('exit', () => {
        resolve();
      });
    });
    expect(await waitUntil(() => output.includes('crmhub is running'), 90_000)).toBe(true);
    const pid = npm.pid ?? 0;
    const tree = await descendants(pid);
    const postgres = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
    const postmaster = Number.parseInt(postgres.split('\n')[0] ?? '', 10);
    expect(tree).toContain(postmaster);

    npm.kill('SIGTERM');
    await Promise.race([exited, sleep(20_000)]);
    const left = (): number[] => [pid, ...tree].filter(isProcessAlive);
    expect(await waitUntil(() => left().length === 0, 10_000), `still running: ${left().join(', ')}\n${output}`).toBe(
      true,
    );
  });
});
