import { describe, expect, it } from 'vitest';

import { isIgnoredName, WatchedFolderTracker } from './watch.js';

const entry = (name: string, size: number, mtimeMs: number, ctimeMs = mtimeMs) => ({ name, size, mtimeMs, ctimeMs });

describe('WatchedFolderTracker', () => {
  it('hands out a file once its size and mtime held still for settleMs, and only once per version', () => {
    const tracker = new WatchedFolderTracker({ settleMs: 5_000 });
    expect(tracker.ready([entry('a.csv', 10, 1_000)], 1_000)).toEqual([]);
    expect(tracker.ready([entry('a.csv', 20, 3_000)], 3_000)).toEqual([]);
    expect(tracker.ready([entry('a.csv', 20, 3_000)], 7_000)).toEqual([]);
    expect(tracker.ready([entry('a.csv', 20, 3_000)], 8_000)).toEqual(['a.csv']);
    expect(tracker.ready([entry('a.csv', 20, 3_000)], 20_000)).toEqual([]);
    // Overwritten by the next night's export: a new version.
    expect(tracker.ready([entry('a.csv', 25, 90_000)], 90_000)).toEqual([]);
    expect(tracker.ready([entry('a.csv', 25, 90_000)], 96_000)).toEqual(['a.csv']);
  });

  it('takes a file renamed into place (ctime well after an old mtime) at first sight', () => {
    const tracker = new WatchedFolderTracker({ settleMs: 5_000, renameGapMs: 2_000 });
    expect(tracker.ready([entry('b.xlsx', 10, 1_000, 60_000)], 60_000)).toEqual(['b.xlsx']);
  });

  it('ignores temporary names and holds a workbook back while Excel’s lock file exists', () => {
    const tracker = new WatchedFolderTracker({ settleMs: 1 });
    const listing = [
      entry('c.csv.tmp', 1, 0),
      entry('.d.csv', 1, 0),
      entry('~$export.xlsx', 1, 0),
      entry('export.xlsx', 9, 0),
    ];
    tracker.ready(listing, 10);
    expect(tracker.ready(listing, 20)).toEqual([]);
    const unlocked = listing.filter((e) => !e.name.startsWith('~$'));
    expect(tracker.ready(unlocked, 30)).toEqual(['export.xlsx']);
  });

  it('names temp and partial files', () => {
    expect(['x.tmp', 'x.PART', 'x.crdownload', '~$x.xlsx', '.x.csv', 'x.csv~'].every(isIgnoredName)).toBe(true);
    expect(['export.csv', 'Relaties 2026.xlsx'].some(isIgnoredName)).toBe(false);
  });
});
