/**
 * The pure part of reading an intake file: header → bound mapping, each row → events, and the closing summary. The
 * reader (src/adapters/intake-file) feeds it rows; the caller records nothing until the last event says `end`.
 */
import { err, ok } from '../result.js';
import { DuplicateTracker } from './duplicates.js';
import { noteCodes } from './file-record.js';
import { bindMapping } from './mapping.js';
import { mapRow } from './row.js';

import type { Result } from '../result.js';
import type { FileRecord, FileReject, NoteCode, RowIssue, RowNote } from './file-record.js';
import type { ColumnMapping } from './headers.js';
import type { BoundColumn } from './mapping.js';
import type { Cell } from './repair.js';

/** What reading a file reports, row by row; `row` is the CSV line (where the record starts) or the sheet row. */
export type IntakeRowEvent =
  | { readonly kind: 'record'; readonly row: number; readonly record: FileRecord; readonly notes: readonly RowNote[] }
  /**
   * A rejected row. `retracts: true` means this row was reported as a `record` earlier and must be dropped (a later row
   * has the same external id with other content).
   */
  | {
      readonly kind: 'rejected';
      readonly row: number;
      readonly externalId: string | null;
      readonly issues: readonly RowIssue[];
      readonly retracts: boolean;
    }
  /** An exact repeat of an earlier row, left out. */
  | { readonly kind: 'dropped'; readonly row: number; readonly notes: readonly RowNote[] };

export type IntakeCounts = {
  /** Records in the end (retracted ones not counted). */
  readonly records: number;
  readonly rejected: number;
  readonly dropped: number;
  readonly notes: Readonly<Record<NoteCode, number>>;
};

export type IntakeEndEvent = { readonly kind: 'end'; readonly counts: IntakeCounts };
export type IntakeFileRejectedEvent = { readonly kind: 'file_rejected'; readonly reject: FileReject };
/** Everything a file read yields: row events, then exactly one `end` or `file_rejected`. */
export type IntakeEvent = IntakeRowEvent | IntakeEndEvent | IntakeFileRejectedEvent;

export type PipelineOptions = { readonly mapping: ColumnMapping; readonly maxRows: number };

/** The per-file state: give it the header once, then each data row, then ask for the closing event. */
export class IntakePipeline {
  private columns: readonly BoundColumn[] = [];
  private headerCount = 0;
  private dataRows = 0;
  private records = 0;
  private rejected = 0;
  private dropped = 0;
  private readonly duplicates = new DuplicateTracker();
  private readonly noteCounts = Object.fromEntries(noteCodes.map((code) => [code, 0])) as Record<NoteCode, number>;

  constructor(private readonly options: PipelineOptions) {}

  header(cells: readonly string[], line: number): Result<void, FileReject> {
    if (cells.every((cell) => cell.trim() === '')) return err({ code: 'header_missing', line });
    const bound = bindMapping(cells, this.options.mapping, line);
    if (!bound.ok) return bound;
    this.columns = bound.value;
    this.headerCount = cells.length;
    return ok(undefined);
  }

  row(cells: readonly Cell[], row: number): Result<IntakeRowEvent[], FileReject> {
    this.dataRows += 1;
    if (this.dataRows > this.options.maxRows) {
      return err({ code: 'too_many_rows', line: row, detail: String(this.options.maxRows) });
    }
    const outcome = mapRow(cells, this.columns, this.headerCount);
    if (outcome.kind === 'rejected') return ok(this.rejectedRow(row, outcome.externalId, outcome.issues));
    const verdict = this.duplicates.record(outcome.record, row);
    switch (verdict.kind) {
      case 'first':
        this.records += 1;
        this.countNotes(outcome.notes);
        return ok([{ kind: 'record', row, record: outcome.record, notes: outcome.notes }]);
      case 'identical': {
        this.dropped += 1;
        const notes: RowNote[] = [{ code: 'duplicate_row_dropped', rows: [verdict.keptRow] }];
        this.countNotes(notes);
        return ok([{ kind: 'dropped', row, notes }]);
      }
      case 'conflict':
        return ok(this.conflict(row, outcome.record.externalId, verdict, []));
    }
  }

  /** The closing event: `no_rows` when the header had no data under it. */
  end(headerLine: number): IntakeEndEvent | IntakeFileRejectedEvent {
    if (this.dataRows === 0) return { kind: 'file_rejected', reject: { code: 'no_rows', line: headerLine } };
    const counts = { records: this.records, rejected: this.rejected, dropped: this.dropped, notes: this.noteCounts };
    return { kind: 'end', counts };
  }

  private rejectedRow(row: number, externalId: string | null, issues: readonly RowIssue[]): IntakeRowEvent[] {
    const verdict = externalId === null ? null : this.duplicates.rejected(externalId, row);
    if (verdict?.kind === 'conflict' && externalId !== null) return this.conflict(row, externalId, verdict, issues);
    this.rejected += 1;
    return [{ kind: 'rejected', row, externalId, issues, retracts: false }];
  }

  /** Rejects this row for its duplicate id, and the earlier row reported as a record, if any (it is retracted). */
  private conflict(
    row: number,
    externalId: string,
    verdict: { readonly rows: readonly number[]; readonly retract: number | null },
    ownIssues: readonly RowIssue[],
  ): IntakeRowEvent[] {
    const duplicate = (rows: readonly number[]): RowIssue => ({
      code: 'duplicate_external_id',
      field: 'externalId',
      value: externalId,
      rows,
    });
    this.rejected += 1;
    const events: IntakeRowEvent[] = [
      { kind: 'rejected', row, externalId, issues: [...ownIssues, duplicate(verdict.rows)], retracts: false },
    ];
    if (verdict.retract !== null) {
      this.records -= 1;
      this.rejected += 1;
      events.push({ kind: 'rejected', row: verdict.retract, externalId, issues: [duplicate([row])], retracts: true });
    }
    return events;
  }

  private countNotes(notes: readonly RowNote[]): void {
    for (const note of notes) this.noteCounts[note.code] += 1;
  }
}
