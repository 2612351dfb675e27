// The embedded PostgreSQL is supervised: when it is killed, crmhub starts it again and becomes ready by itself.
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import { loadConfig } from '../../src/app/config.js';
import { startCrmhub } from '../../src/app/runtime.js';

import type { RunningCrmhub } from '../../src/app/runtime.js';

let dataDir: string;
let crmhub: RunningCrmhub;
const lines: string[] = [];

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'crmhub-supervise-'));
  await chmod(dataDir, 0o755);
  const config = loadConfig({ CRMHUB_DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent' });
  crmhub = await startCrmhub(config, { role: 'all', webRoot: null, log: (line) => lines.push(line) });
}, 120_000);
afterAll(async () => {
  await crmhub.stop();
  await rm(dataDir, { recursive: true, force: true });
});

async function postmasterPid(): Promise<number> {
  const content = await readFile(path.join(dataDir, 'pg', 'postmaster.pid'), 'utf8');
  return Number.parseInt(content.split('\n')[0] ?? '', 10);
}

async function readyStatus(): Promise<number> {
  return (await fetch(`${crmhub.url ?? ''}/readyz`)).status;
}

describe('the embedded PostgreSQL under supervision', () => {
  it('is started again after it was killed, and crmhub answers ready again', async () => {
    expect(await readyStatus()).toBe(200);
    const killed = await postmasterPid();
    process.kill(killed, 'SIGKILL');
    const deadline = Date.now() + 90_000;
    let status = 0;
    while (Date.now() < deadline) {
      const current = await postmasterPid().catch(() => killed);
      status = current === killed ? 0 : await readyStatus();
      if (status === 200) break;
      await sleep(250);
    }
    expect(status, lines.join('\n')).toBe(200);
    expect(lines).toContain('the embedded PostgreSQL is running again');
  }, 120_000);
});
