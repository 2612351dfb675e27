/**
 * Decides when a file dropped into the watched folder is complete, from directory listings only (pure: the caller
 * lists the folder and passes the clock). A file is ready when its size and mtime are the same in two listings at
 * least `settleMs` apart, or at first sight when it was renamed into place after it was written (ctime well after
 * mtime, and mtime older than `settleMs`). Temporary and partial names are never ready, and neither is a workbook
 * while Excel's `~$` lock file for it exists.
 */

export type FolderEntry = {
  readonly name: string;
  readonly size: number;
  readonly mtimeMs: number;
  readonly ctimeMs: number;
};

export type WatchOptions = {
  /** How long a file must stay unchanged (default 5 s). */
  readonly settleMs?: number;
  /** How much later than mtime a ctime must be to count as "renamed into place" (default 2 s). */
  readonly renameGapMs?: number;
};

const PARTIAL_SUFFIXES = ['.tmp', '.temp', '.part', '.partial', '.crdownload', '.download', '.filepart', '.swp', '~'];

/** Names that are never a finished export: hidden/dot files, Excel lock files (`~$…`), and temp/partial suffixes. */
export function isIgnoredName(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('.') || lower.startsWith('~$') || PARTIAL_SUFFIXES.some((suffix) => lower.endsWith(suffix));
}

/** Excel's owner file is `~$` + the name (long names lose their first two characters). */
function lockedByExcel(name: string, lockSuffixes: readonly string[]): boolean {
  return lockSuffixes.some((suffix) => suffix.length > 0 && name.endsWith(suffix));
}

type Observation = { readonly size: number; readonly mtimeMs: number; readonly firstSeenMs: number };

/** Remembers what the previous listings showed; `ready` answers which files to read now (each once per version). */
export class WatchedFolderTracker {
  private readonly seen = new Map<string, Observation>();
  private readonly handedOut = new Map<string, string>();
  private readonly settleMs: number;
  private readonly renameGapMs: number;

  constructor(options: WatchOptions = {}) {
    this.settleMs = options.settleMs ?? 5_000;
    this.renameGapMs = options.renameGapMs ?? 2_000;
  }

  /** Feeds one listing taken at `nowMs`; returns the names that are complete and not handed out before. */
  ready(entries: readonly FolderEntry[], nowMs: number): string[] {
    const locks = entries.filter((entry) => entry.name.startsWith('~$')).map((entry) => entry.name.slice(2));
    const present = new Set(entries.map((entry) => entry.name));
    for (const name of [...this.seen.keys()]) if (!present.has(name)) this.seen.delete(name);
    for (const name of [...this.handedOut.keys()]) if (!present.has(name)) this.handedOut.delete(name);
    const ready: string[] = [];
    for (const entry of entries) {
      if (isIgnoredName(entry.name)) continue;
      const version = `${String(entry.size)}:${String(entry.mtimeMs)}`;
      if (this.handedOut.get(entry.name) === version) continue;
      // A locked workbook is still observed, so it is ready as soon as Excel lets go of it.
      if (this.isComplete(entry, nowMs) && !lockedByExcel(entry.name, locks)) {
        this.handedOut.set(entry.name, version);
        ready.push(entry.name);
      }
    }
    return ready;
  }

  private isComplete(entry: FolderEntry, nowMs: number): boolean {
    const old = nowMs - entry.mtimeMs >= this.settleMs;
    if (old && entry.ctimeMs - entry.mtimeMs >= this.renameGapMs) return true;
    const before = this.seen.get(entry.name);
    if (before === undefined || before.size !== entry.size || before.mtimeMs !== entry.mtimeMs) {
      this.seen.set(entry.name, { size: entry.size, mtimeMs: entry.mtimeMs, firstSeenMs: nowMs });
      return false;
    }
    return old && nowMs - before.firstSeenMs >= this.settleMs;
  }
}
