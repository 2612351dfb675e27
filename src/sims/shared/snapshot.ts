/** JSON snapshots of simulator state on disk: atomic writes (temp file + rename) and a debounced writer. */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** Reads a snapshot; `null` when the file does not exist. Throws with the path when it is not valid JSON. */
export async function loadSnapshot(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    if (err instanceof Error && 'code' in err && err.code === 'ENOENT') return null;
    throw err;
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`snapshot ${path} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Writes a snapshot atomically: readers see the old file or the new one, never half of one. */
export async function saveSnapshot(path: string, data: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${String(process.pid)}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(tmp, JSON.stringify(data), 'utf8');
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}

export type SnapshotWriter = {
  /** Asks for a save soon; many calls in a burst collapse into one write. */
  schedule(): void;
  /** Writes now if anything is pending, and waits for any write in flight. */
  flush(): Promise<void>;
};

/** Debounces saves of `getState()` to `path` (a no-op writer when path is undefined). */
export function createSnapshotWriter(
  path: string | undefined,
  getState: () => unknown,
  opts: { delayMs?: number; onError?: (err: unknown) => void } = {},
): SnapshotWriter {
  if (path === undefined) return { schedule: () => undefined, flush: () => Promise.resolve() };
  const delayMs = opts.delayMs ?? 250;
  const onError = opts.onError ?? ((): void => undefined);
  let timer: NodeJS.Timeout | null = null;
  let pending = false;
  let inFlight: Promise<void> = Promise.resolve();
  const write = (): Promise<void> => {
    timer = null;
    if (!pending) return inFlight;
    pending = false;
    inFlight = inFlight.then(() => saveSnapshot(path, getState())).catch(onError);
    return inFlight;
  };
  return {
    schedule(): void {
      pending = true;
      timer ??= setTimeout(() => void write(), delayMs);
    },
    async flush(): Promise<void> {
      if (timer !== null) clearTimeout(timer);
      await write();
    },
  };
}
