/**
 * Decides how a CSV is encoded, reading it once in chunks (memory stays flat): UTF-8 when every byte sequence is valid
 * UTF-8, else Windows-1252 as Dutch Excel saves "CSV (gescheiden door lijstscheidingsteken)". A file whose BOM says
 * UTF-8 but holds invalid bytes, or with bytes Windows-1252 leaves undefined, is refused with the line of the first one.
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';

import { FileRejectedError } from './errors.js';

export type TextEncoding = 'utf8' | 'win1252' | 'utf16le' | 'utf16be';

/** Bytes Windows-1252 does not define: a file holding them is neither UTF-8 nor Windows-1252. */
const CP1252_UNDEFINED = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/** Length of the UTF-8 sequence a lead byte starts (0: not a lead byte). */
function sequenceLength(byte: number): number {
  if (byte < 0x80) return 1;
  if (byte >= 0xc2 && byte <= 0xdf) return 2;
  if (byte >= 0xe0 && byte <= 0xef) return 3;
  if (byte >= 0xf0 && byte <= 0xf4) return 4;
  return 0;
}

/** Offset of the first byte that makes `bytes` invalid UTF-8 (overlongs and surrogates included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length;) {
    const length = sequenceLength(bytes[i] ?? 0);
    if (length === 0 || i + length > bytes.length) return i;
    if (length > 1 && !isUtf8(bytes.subarray(i, i + length))) return i;
    for (let k = 1; k < length; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += length;
  }
  return -1;
}

/** Bytes at the end of a chunk that start a multi-byte sequence the next chunk finishes. */
function incompleteTail(chunk: Buffer): number {
  for (let back = 1; back <= Math.min(3, chunk.length); back++) {
    const byte = chunk[chunk.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    return sequenceLength(byte) > back ? back : 0;
  }
  return 0;
}

const countLines = (chunk: Buffer, end = chunk.length): number => {
  let lines = 0;
  for (let at = chunk.indexOf(0x0a); at !== -1 && at < end; at = chunk.indexOf(0x0a, at + 1)) lines++;
  return lines;
};

type Scan = { invalidUtf8Line: number | null; undefinedCp1252Line: number | null };

/** One pass over the file: where UTF-8 first breaks and where a byte undefined in Windows-1252 first occurs. */
async function scan(path: string): Promise<Scan> {
  const result: Scan = { invalidUtf8Line: null, undefinedCp1252Line: null };
  let carry = Buffer.alloc(0);
  let line = 1;
  for await (const piece of createReadStream(path, { highWaterMark: 1 << 16 })) {
    const chunk = carry.length === 0 ? (piece as Buffer) : Buffer.concat([carry, piece as Buffer]);
    const tail = incompleteTail(chunk);
    const body = chunk.subarray(0, chunk.length - tail);
    if (result.invalidUtf8Line === null && !isUtf8(body)) {
      result.invalidUtf8Line = line + countLines(body, firstInvalidUtf8(body));
    }
    if (result.undefinedCp1252Line === null) {
      const hits = CP1252_UNDEFINED.map((byte) => body.indexOf(byte)).filter((at) => at >= 0);
      const at = hits.length === 0 ? -1 : Math.min(...hits);
      if (at >= 0) result.undefinedCp1252Line = line + countLines(body, at);
    }
    line += countLines(body);
    carry = Buffer.from(chunk.subarray(chunk.length - tail));
  }
  if (carry.length > 0 && result.invalidUtf8Line === null) result.invalidUtf8Line = line;
  return result;
}

/** The encoding to decode the file with, or a refusal (`encoding_invalid`) naming the line. */
export async function detectEncoding(path: string, bom: 'utf8' | 'utf16le' | 'utf16be' | null): Promise<TextEncoding> {
  if (bom === 'utf16le' || bom === 'utf16be') return bom;
  const found = await scan(path);
  if (found.invalidUtf8Line === null) return 'utf8';
  if (bom === 'utf8')
    throw new FileRejectedError({ code: 'encoding_invalid', line: found.invalidUtf8Line, detail: 'utf8' });
  if (found.undefinedCp1252Line !== null) {
    throw new FileRejectedError({ code: 'encoding_invalid', line: found.undefinedCp1252Line, detail: 'windows1252' });
  }
  return 'win1252';
}
