import { appendFile, mkdtemp, rename, rm, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

import { createWatchedFolder } from './watched-folder.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'intake-watch-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createWatchedFolder', () => {
  it('does not hand out a file still being written; hands it out once it held still', async () => {
    // The clock runs an hour ahead of the files' real mtimes, so "held still long enough" is decided by the polls.
    let now = Date.now() + 3_600_000;
    const folder = createWatchedFolder(dir, { settleMs: 5_000, clock: () => now });
    const target = path.join(dir, 'relaties.csv');
    await writeFile(target, 'Relatienummer;Bedrijfsnaam\r\n');
    expect(await folder.poll()).toEqual([]);
    await appendFile(target, '1;Alfa\r\n');
    now += 10_000;
    expect(await folder.poll()).toEqual([]);
    now += 10_000;
    expect(await folder.poll()).toEqual([target]);
    now += 10_000;
    expect(await folder.poll()).toEqual([]);
  });

  it('hands out a file renamed into place after it was written, ignoring the temp name it was written under', async () => {
    const now = Date.now();
    const folder = createWatchedFolder(dir, { settleMs: 5_000, renameGapMs: 2_000, clock: () => now });
    const temp = path.join(dir, 'relaties.csv.tmp');
    await writeFile(temp, 'Relatienummer;Bedrijfsnaam\r\n1;Alfa\r\n');
    const old = new Date(now - 60_000);
    await utimes(temp, old, old);
    expect(await folder.poll()).toEqual([]);
    await rename(temp, path.join(dir, 'relaties.csv'));
    expect(await folder.poll()).toEqual([path.join(dir, 'relaties.csv')]);
  });

  it('leaves Excel lock files alone and holds their workbook back', async () => {
    let now = Date.now() + 3_600_000;
    const folder = createWatchedFolder(dir, { settleMs: 1_000, clock: () => now });
    await writeFile(path.join(dir, 'export.xlsx'), 'PK');
    await writeFile(path.join(dir, '~$export.xlsx'), 'owner');
    await folder.poll();
    now += 5_000;
    expect(await folder.poll()).toEqual([]);
    await rm(path.join(dir, '~$export.xlsx'));
    expect(await folder.poll()).toEqual([path.join(dir, 'export.xlsx')]);
  });
});
