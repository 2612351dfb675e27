/**
 * Duplicate rows within one file: an identical repeat is dropped with a note; the same external id with different
 * content rejects every row carrying it, including one reported as a record before (the caller drops it again).
 */
import type { FileRecord } from './file-record.js';

/** Two 32-bit FNV-1a lanes (64 bits): remembers content per external id without keeping the record itself. */
function contentHash(record: FileRecord): string {
  // One file's records are built in one column order, so equal content gives equal JSON.
  const text = JSON.stringify([record.fields, record.updatedAt, record.active]);
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16) + (b >>> 0).toString(16);
}

type Seen = {
  /** Content hash of the first row, or null when that row was itself rejected. */
  readonly hash: string | null;
  readonly rows: number[];
  /** The row reported as a record, until a conflict retracts it. */
  recordRow: number | null;
  conflicted: boolean;
};

export type DuplicateVerdict =
  | { readonly kind: 'first' }
  | { readonly kind: 'identical'; readonly keptRow: number }
  /** Reject this row; `retract` is an earlier row reported as a record that must now be rejected too. */
  | { readonly kind: 'conflict'; readonly rows: readonly number[]; readonly retract: number | null };

/** Tracks external ids across one file's rows (memory: one small entry per distinct id). */
export class DuplicateTracker {
  private readonly seen = new Map<string, Seen>();

  /** A row that became a record. */
  record(record: FileRecord, row: number): DuplicateVerdict {
    return this.observe(record.externalId, contentHash(record), row);
  }

  /** A row rejected for other reasons: its id still counts, so a valid row with the same id is not taken alone. */
  rejected(externalId: string, row: number): DuplicateVerdict {
    return this.observe(externalId, null, row);
  }

  private observe(externalId: string, hash: string | null, row: number): DuplicateVerdict {
    const seen = this.seen.get(externalId);
    if (seen === undefined) {
      this.seen.set(externalId, { hash, rows: [row], recordRow: hash === null ? null : row, conflicted: false });
      return { kind: 'first' };
    }
    if (!seen.conflicted && hash !== null && hash === seen.hash)
      return { kind: 'identical', keptRow: seen.rows[0] ?? row };
    seen.conflicted = true;
    const retract = seen.recordRow;
    seen.recordRow = null;
    const rows = [...seen.rows];
    seen.rows.push(row);
    return { kind: 'conflict', rows, retract };
  }
}
