import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { startPbxSim } from './cli.js';
import { startReceiver } from './testing.js';

import type { Receiver } from './testing.js';

let receiver: Receiver;
let dir: string;
beforeEach(async () => {
  receiver = await startReceiver();
  dir = await mkdtemp(join(tmpdir(), 'pbx-sim-'));
});
afterEach(async () => {
  await receiver.close();
  await rm(dir, { recursive: true, force: true });
});

describe('startPbxSim (CLI entry)', () => {
  it('reads its knobs from extra, draws callers from the seed and snapshots the call log', async () => {
    const snapshotPath = join(dir, 'pbx.json');
    const base = { port: 0, seed: 5, orgs: 10, snapshotPath };
    const extra = {
      target: receiver.url,
      mode: 'url_template',
      token: 'tok',
      ratePerSecond: '0',
      timeScale: '0',
      extensions: '301|302',
    };
    const sim = await startPbxSim({ ...base, extra });
    const call = await sim.placeCall();
    expect(['301', '302']).toContain(call.extension);
    expect(receiver.received).toHaveLength(3);
    await sim.close();

    const saved = JSON.parse(await readFile(snapshotPath, 'utf8')) as { calls: { callId: string }[] };
    expect(saved.calls.map((c) => c.callId)).toEqual([call.callId]);
    const again = await startPbxSim({ ...base, extra });
    expect(again.calls().map((c) => c.callId)).toEqual([call.callId]);
    const next = await again.placeCall();
    expect(next.callId).not.toBe(call.callId);
    await again.close();
  });

  it('explains a missing target or bad option', async () => {
    await expect(startPbxSim({ port: 0, seed: 1, orgs: 1 })).rejects.toThrow(/needs extra.target/);
    await expect(
      startPbxSim({ port: 0, seed: 1, orgs: 1, extra: { target: receiver.url, mode: 'json' } }),
    ).rejects.toThrow(/secret: mode json signs JSON events and needs a secret/);
  });
});
