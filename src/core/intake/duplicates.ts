/**
 * Duplicate rows within one file: an identical repeat is dropped with a note; the same external id with different
 * content rejects every row carrying it, including one reported as a record before (the caller drops it again).
 * Memory per distinct id is a map entry and 12 bytes of typed arrays, so a large export stays small.
 */
import type { FileRecord } from './file-record.js';

/** A 53-bit content hash (two FNV-1a-style 32-bit lanes): remembers content without keeping the record itself. */
function contentHash(record: FileRecord): number {
  // One file's records are built in one column order, so equal content gives equal JSON.
  const text = JSON.stringify([record.fields, record.updatedAt, record.active, record.contact]);
  let a = 0x811c9dc5;
  let b = 0x5bd1e995;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 2 ** 21 + ((b >>> 0) >>> 11);
}

/** No content: the first row of this id was itself rejected. */
const REJECTED = -1;

export type DuplicateVerdict =
  | { readonly kind: 'first' }
  | { readonly kind: 'identical'; readonly keptRow: number }
  /** Reject this row; `retract` is an earlier row reported as a record that must now be rejected too. */
  | { readonly kind: 'conflict'; readonly rows: readonly number[]; readonly retract: number | null };

/** Tracks external ids across one file's rows. */
export class DuplicateTracker {
  private readonly slotOf = new Map<string, number>();
  private hashes = new Float64Array(1024);
  private rows = new Int32Array(1024);
  /** Ids seen with different content: every row carrying them, in order. */
  private readonly conflicts = new Map<string, number[]>();

  /** A row that became a record. */
  record(record: FileRecord, row: number): DuplicateVerdict {
    return this.observe(record.externalId, contentHash(record), row);
  }

  /** A row rejected for other reasons: its id still counts, so a valid row with the same id is not taken alone. */
  rejected(externalId: string, row: number): DuplicateVerdict {
    return this.observe(externalId, REJECTED, row);
  }

  private observe(externalId: string, hash: number, row: number): DuplicateVerdict {
    const conflicted = this.conflicts.get(externalId);
    if (conflicted !== undefined) {
      const rows = [...conflicted];
      conflicted.push(row);
      return { kind: 'conflict', rows, retract: null };
    }
    const slot = this.slotOf.get(externalId);
    if (slot === undefined) {
      this.remember(externalId, hash, row);
      return { kind: 'first' };
    }
    const firstRow = this.rows[slot] ?? 0;
    const firstHash = this.hashes[slot] ?? REJECTED;
    if (hash !== REJECTED && hash === firstHash) return { kind: 'identical', keptRow: firstRow };
    this.conflicts.set(externalId, [firstRow, row]);
    return { kind: 'conflict', rows: [firstRow], retract: firstHash === REJECTED ? null : firstRow };
  }

  private remember(externalId: string, hash: number, row: number): void {
    const slot = this.slotOf.size;
    if (slot === this.rows.length) {
      const hashes = new Float64Array(slot * 2);
      hashes.set(this.hashes);
      this.hashes = hashes;
      const rows = new Int32Array(slot * 2);
      rows.set(this.rows);
      this.rows = rows;
    }
    this.slotOf.set(externalId, slot);
    this.hashes[slot] = hash;
    this.rows[slot] = row;
  }
}
