/** Lists the watched intake folder (CRMHUB_INTAKE_DIR) and hands out the files that are completely written. */
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

import { isIgnoredName, WatchedFolderTracker } from '../../core/intake/watch.js';

import type { FolderEntry, WatchOptions } from '../../core/intake/watch.js';

/** One folder's state between polls; `clock` is injectable so tests need not wait. */
export function createWatchedFolder(dir: string, options: WatchOptions & { readonly clock?: () => number } = {}) {
  const tracker = new WatchedFolderTracker(options);
  const clock = options.clock ?? Date.now;
  return {
    /** Full paths of files ready to read now; each file version is returned once. */
    async poll(): Promise<string[]> {
      const entries: FolderEntry[] = [];
      for (const dirent of await readdir(dir, { withFileTypes: true })) {
        if (!dirent.isFile()) continue;
        // Lock files are listed (they block their workbook) even though they are never read.
        if (isIgnoredName(dirent.name) && !dirent.name.startsWith('~$')) continue;
        try {
          const info = await stat(path.join(dir, dirent.name));
          entries.push({ name: dirent.name, size: info.size, mtimeMs: info.mtimeMs, ctimeMs: info.ctimeMs });
        } catch {
          // Removed between listing and stat: gone, so not ready.
        }
      }
      return tracker.ready(entries, clock()).map((name) => path.join(dir, name));
    },
  };
}
