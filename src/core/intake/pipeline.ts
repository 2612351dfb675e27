/**
 * The pure part of reading an intake file: header → bound mapping, each row → events, and the closing summary. The
 * reader (src/adapters/intake-file) feeds it rows; the caller records nothing until the last event says `end`.
 */
import { err, ok } from '../result.js';
import { DuplicateTracker } from './duplicates.js';
import { bindMapping } from './mapping.js';
import { noteCodes } from './record.js';
import { mapRow } from './row.js';

import type { Result } from '../result.js';
import type { ColumnMapping } from './headers.js';
import type { BoundColumn } from './mapping.js';
import type { FileReject, IntakeRecord, NoteCode, RowIssue, RowNote } from './record.js';
import type { Cell } from './repair.js';

/** What reading a file reports, row by row; `row` is the CSV line (where the record starts) or the sheet row. */
export type IntakeRowEvent =
  | { readonly kind: 'record'; readonly row: number; readonly record: IntakeRecord; readonly notes: readonly RowNote[] }
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

/** Creates the per-file state: give it the header once, then each data row. */
export function createIntakePipeline(options: PipelineOptions) {
  let columns: readonly BoundColumn[] = [];
  let headerCount = 0;
  let dataRows = 0;
  const duplicates = new DuplicateTracker();
  const noteCounts = Object.fromEntries(noteCodes.map((code) => [code, 0])) as Record<NoteCode, number>;
  let records = 0;
  let rejected = 0;
  let dropped = 0;
  const countNotes = (notes: readonly RowNote[]): void => {
    for (const note of notes) noteCounts[note.code] += 1;
  };

  const conflict = (
    row: number,
    externalId: string,
    rows: readonly number[],
    ownIssues: readonly RowIssue[],
  ): IntakeRowEvent => ({
    kind: 'rejected',
    row,
    externalId,
    issues: [...ownIssues, { code: 'external_id_duplicate', field: 'externalId', value: externalId, rows }],
    retracts: false,
  });

  return {
    header(cells: readonly string[], line: number): Result<void, FileReject> {
      if (cells.every((cell) => cell.trim() === '')) return err({ code: 'header_missing', line });
      const bound = bindMapping(cells, options.mapping, line);
      if (!bound.ok) return bound;
      columns = bound.value;
      headerCount = cells.length;
      return ok(undefined);
    },

    row(cells: readonly Cell[], row: number): Result<IntakeRowEvent[], FileReject> {
      dataRows += 1;
      if (dataRows > options.maxRows) return err({ code: 'too_many_rows', line: row, detail: String(options.maxRows) });
      const outcome = mapRow(cells, columns, headerCount);
      if (outcome.kind === 'rejected') {
        rejected += 1;
        const id = outcome.externalId;
        const verdict = id === null ? null : duplicates.rejected(id, row);
        const events: IntakeRowEvent[] = [];
        if (verdict?.kind === 'conflict' && id !== null) {
          events.push(conflict(row, id, verdict.rows, outcome.issues));
          if (verdict.retract !== null) events.push(this.retract(verdict.retract, id, row));
        } else events.push({ kind: 'rejected', row, externalId: id, issues: outcome.issues, retracts: false });
        return ok(events);
      }
      const verdict = duplicates.record(outcome.record, row);
      switch (verdict.kind) {
        case 'first':
          records += 1;
          countNotes(outcome.notes);
          return ok([{ kind: 'record', row, record: outcome.record, notes: outcome.notes }]);
        case 'identical': {
          dropped += 1;
          const notes: RowNote[] = [{ code: 'duplicate_row_dropped', rows: [verdict.keptRow] }];
          countNotes(notes);
          return ok([{ kind: 'dropped', row, notes }]);
        }
        case 'conflict': {
          rejected += 1;
          const events = [conflict(row, outcome.record.externalId, verdict.rows, [])];
          if (verdict.retract !== null) events.push(this.retract(verdict.retract, outcome.record.externalId, row));
          return ok(events);
        }
      }
    },

    /** The earlier row of a conflicting pair, reported as a record before and now rejected. */
    retract(earlier: number, externalId: string, later: number): IntakeRowEvent {
      records -= 1;
      rejected += 1;
      const issue: RowIssue = { code: 'external_id_duplicate', field: 'externalId', value: externalId, rows: [later] };
      return { kind: 'rejected', row: earlier, externalId, issues: [issue], retracts: true };
    },

    /** The closing event: `no_rows` when the header had no data under it. */
    end(headerLine: number): IntakeEndEvent | IntakeFileRejectedEvent {
      if (dataRows === 0) return { kind: 'file_rejected', reject: { code: 'no_rows', line: headerLine } };
      return { kind: 'end', counts: { records, rejected, dropped, notes: noteCounts } };
    },
  };
}
