/** Gathers a whole file's events into lists (for previews of modest files and for tests), applying retractions. */
import type { FileRecord, FileReject, RowIssue, RowNote } from './file-record.js';
import type { IntakeCounts, IntakeEvent } from './pipeline.js';

export type CollectedRow = { readonly row: number; readonly record: FileRecord; readonly notes: readonly RowNote[] };
export type CollectedReject = {
  readonly row: number;
  readonly externalId: string | null;
  readonly issues: readonly RowIssue[];
};

export type CollectedFile =
  | {
      readonly ok: true;
      readonly records: readonly CollectedRow[];
      readonly rejected: readonly CollectedReject[];
      readonly dropped: readonly { readonly row: number; readonly notes: readonly RowNote[] }[];
      readonly counts: IntakeCounts;
    }
  | { readonly ok: false; readonly reject: FileReject };

/** Consumes the events; a `file_rejected` anywhere means nothing of the file is returned but the refusal. */
export async function collectIntakeEvents(
  events: AsyncIterable<IntakeEvent> | Iterable<IntakeEvent>,
): Promise<CollectedFile> {
  const records = new Map<number, CollectedRow>();
  const rejected: CollectedReject[] = [];
  const dropped: { row: number; notes: readonly RowNote[] }[] = [];
  for await (const event of events) {
    switch (event.kind) {
      case 'record':
        records.set(event.row, { row: event.row, record: event.record, notes: event.notes });
        break;
      case 'rejected':
        if (event.retracts) records.delete(event.row);
        rejected.push({ row: event.row, externalId: event.externalId, issues: event.issues });
        break;
      case 'dropped':
        dropped.push({ row: event.row, notes: event.notes });
        break;
      case 'file_rejected':
        return { ok: false, reject: event.reject };
      case 'end':
        rejected.sort((a, b) => a.row - b.row);
        return { ok: true, records: [...records.values()], rejected, dropped, counts: event.counts };
    }
  }
  throw new Error('intake events ended without an end event');
}
