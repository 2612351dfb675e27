// Checks snapshot load/save round trips, missing files, bad JSON and the debounced writer.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createSnapshotWriter, loadSnapshot, saveSnapshot } from './snapshot.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sim-snap-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('snapshot', () => {
  it('returns null for a missing file and round-trips data', async () => {
    const path = join(dir, 'nested', 'state.json');
    expect(await loadSnapshot(path)).toBeNull();
    await saveSnapshot(path, { a: [1, 2], b: 'x' });
    expect(await loadSnapshot(path)).toEqual({ a: [1, 2], b: 'x' });
    expect(await readdir(join(dir, 'nested'))).toEqual(['state.json']);
  });

  it('names the file when it is not JSON', async () => {
    const path = join(dir, 'bad.json');
    await writeFile(path, '{nope');
    await expect(loadSnapshot(path)).rejects.toThrow(/bad\.json is not valid JSON/);
  });

  it('debounces writes and flushes the latest state', async () => {
    const path = join(dir, 's.json');
    let state = 1;
    const writer = createSnapshotWriter(path, () => ({ state }), { delayMs: 10_000 });
    writer.schedule();
    state = 2;
    writer.schedule();
    expect(await loadSnapshot(path)).toBeNull();
    await writer.flush();
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ state: 2 });
  });

  it('is a no-op without a path', async () => {
    const writer = createSnapshotWriter(undefined, () => ({}));
    writer.schedule();
    await expect(writer.flush()).resolves.toBeUndefined();
  });
});
