/**
 * Uploaded export files kept between preview and commit: the bytes on disk under an id, with the file name and an
 * expiry beside them. Commit re-reads the same bytes with the same mapping, so it records exactly what was previewed
 * (reading is deterministic) while memory stays flat for files of any size. An upload id starts with the tag of the
 * upload folder that keeps it, so an instance with another folder can tell "kept elsewhere" from "expired".
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

import type { Readable } from 'node:stream';

export type StoredUpload = {
  readonly id: string;
  readonly sourceId: string;
  readonly fileName: string;
  readonly sizeBytes: number;
  readonly expiresAt: string;
  /** Where the bytes are. */
  readonly path: string;
};

/** What an upload id finds: the upload, nothing (expired, committed or never made), or a folder other than this one. */
export type UploadLookup =
  | { readonly kind: 'found'; readonly upload: StoredUpload }
  | { readonly kind: 'expired' }
  | { readonly kind: 'elsewhere' };

export type UploadStore = {
  /** Streams the body to disk; null when it passed `maxBytes` (nothing is kept then). */
  save(
    input: { sourceId: string; fileName: string; body: Readable },
    options: { maxBytes: number; now: Date; ttlMs: number },
  ): Promise<StoredUpload | null>;
  /** The upload of that source; `elsewhere` when the id names another upload folder (another instance's data dir). */
  find(sourceId: string, id: string, now: Date): Promise<UploadLookup>;
  remove(upload: StoredUpload): Promise<void>;
  /** Deletes every expired upload. */
  sweep(now: Date): Promise<void>;
};

class TooLarge extends Error {
  override readonly name = 'TooLarge';
}

/** Counts bytes through the stream and stops it once past the limit. */
function limit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      done(seen > maxBytes ? new TooLarge('upload larger than the limit') : null, chunk);
    },
  });
}

const UUID = /^[0-9a-f-]{36}$/;
/** `<folder tag>.<uuid>`; a bare uuid is an upload made before ids carried the tag. */
const UPLOAD_ID = /^(?:([0-9a-f]{8})\.)?[0-9a-f-]{36}$/;

const folderTags = new Map<string, string>();

/** The folder's tag, made once and kept in the folder, so instances sharing one data dir share it too. */
async function folderTag(dir: string): Promise<string> {
  const known = folderTags.get(dir);
  if (known !== undefined) return known;
  const tag = await readOrCreateTag(path.join(dir, 'folder-tag'));
  folderTags.set(dir, tag);
  return tag;
}

async function readOrCreateTag(file: string): Promise<string> {
  await mkdir(path.dirname(file), { recursive: true });
  try {
    await writeFile(file, randomBytes(4).toString('hex'), { flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return (await readFile(file, 'utf8')).trim();
}

export function createUploadStore(dir: string): UploadStore {
  const paths = (sourceId: string, id: string) => {
    const base = path.join(dir, sourceId, id);
    return { data: `${base}.bin`, meta: `${base}.json` };
  };
  const read = async (sourceId: string, id: string): Promise<StoredUpload | null> => {
    if (!UPLOAD_ID.test(id) || !UUID.test(sourceId)) return null;
    try {
      return JSON.parse(await readFile(paths(sourceId, id).meta, 'utf8')) as StoredUpload;
    } catch {
      return null;
    }
  };
  const remove = async (upload: Pick<StoredUpload, 'sourceId' | 'id'>): Promise<void> => {
    const { data, meta } = paths(upload.sourceId, upload.id);
    await rm(meta, { force: true });
    await rm(data, { force: true });
  };
  return {
    async save({ sourceId, fileName, body }, { maxBytes, now, ttlMs }) {
      const id = `${await folderTag(dir)}.${randomUUID()}`;
      const { data, meta } = paths(sourceId, id);
      await mkdir(path.dirname(data), { recursive: true });
      const counter = limit(maxBytes);
      let sizeBytes = 0;
      counter.on('data', (chunk: Buffer) => (sizeBytes += chunk.length));
      try {
        await pipeline(body, counter, createWriteStream(data));
      } catch (error) {
        await rm(data, { force: true });
        if (error instanceof TooLarge) return null;
        throw error;
      }
      const expiresAt = new Date(now.getTime() + ttlMs).toISOString();
      const upload: StoredUpload = { id, sourceId, fileName, sizeBytes, expiresAt, path: data };
      await writeFile(meta, JSON.stringify(upload));
      return upload;
    },
    async find(sourceId, id, now) {
      const upload = await read(sourceId, id);
      if (upload !== null)
        return Date.parse(upload.expiresAt) <= now.getTime() ? { kind: 'expired' } : { kind: 'found', upload };
      const tag = UPLOAD_ID.exec(id)?.[1];
      return tag === undefined || tag === (await folderTag(dir)) ? { kind: 'expired' } : { kind: 'elsewhere' };
    },
    remove,
    async sweep(now) {
      const sources = await readdir(dir).catch(() => [] as string[]);
      for (const sourceId of sources.filter((name) => UUID.test(name))) {
        const names = await readdir(path.join(dir, sourceId)).catch(() => [] as string[]);
        for (const name of names.filter((n) => n.endsWith('.json'))) {
          const upload = await read(sourceId, name.slice(0, -'.json'.length));
          if (upload !== null && Date.parse(upload.expiresAt) <= now.getTime()) await remove(upload);
        }
      }
    },
  };
}
