/**
 * The file door of intake: read an export with the source's saved mapping and record it through the same comparison
 * as the push API, all of it in ONE transaction (a preview rolls it back; a crash or a refused file leaves nothing).
 */
import { appendAudit } from '../../../adapters/db/repos/audit.repo.js';
import { activeIntakeIds } from '../../../adapters/db/repos/intake-mappings.repo.js';
import { findIntakeRecords, lockIntakeSource } from '../../../adapters/db/repos/intake-records.repo.js';
import { touchIntakeSource } from '../../../adapters/db/repos/intake-sources.repo.js';
import { announceReviewChange } from '../../../adapters/db/repos/review-notices.repo.js';
import { readIntakeFile } from '../../../adapters/intake-file/index.js';
import { mergeFileRecord } from '../../../core/intake/merge.js';
import { INTAKE_MAX_BATCH } from '../../../core/intake/record.js';
import { ok } from '../../../core/result.js';
import { enqueueApply } from '../../jobs/contracts.js';
import { fail } from '../failure.js';
import { recordBatch } from './ingest.js';
import { checkRecords } from './validate.js';

import type { Db } from '../../../adapters/db/pool.js';
import type { Connection } from '../../../adapters/db/repos/connections.repo.js';
import type { IntakeFileReport, IntakeFileRowError } from '../../../contract/intake-file.contract.js';
import type { IntakeRecordResult } from '../../../contract/intake.contract.js';
import type { FileRecord, FileReject } from '../../../core/intake/file-record.js';
import type { ColumnMapping } from '../../../core/intake/headers.js';
import type { AppDeps } from '../../deps.js';
import type { Outcome } from '../failure.js';

/** Lists in a report are cut to this many entries; the counts are always complete. */
export const REPORT_LIST_LIMIT = 200;

/**
 * Rows recorded per chunk (at most INTAKE_MAX_BATCH). Small enough that a chunk's rows, stored records and results die
 * in V8's young generation instead of being promoted and lingering as old garbage: with 1,000-row chunks a
 * 100,000-row import peaked 60–150 MB higher (BENCHMARKS.md, intake.import_100k_rss_mb).
 */
const FILE_CHUNK_ROWS = Math.min(200, INTAKE_MAX_BATCH);

export type FileImportInput = {
  readonly path: string;
  readonly fileName: string;
  readonly mapping: ColumnMapping;
  readonly mode: 'preview' | 'commit';
  readonly maxBytes: number;
};

type Pending = { readonly row: number; readonly record: FileRecord };

/** Ends the transaction without writing, carrying why. */
class Abort extends Error {
  override readonly name = 'Abort';
  constructor(
    readonly why:
      | { kind: 'preview'; report: IntakeFileReport }
      | { kind: 'file_rejected'; reject: FileReject }
      | { kind: 'retracted'; rows: ReadonlySet<number> },
  ) {
    super('intake file import rolled back');
  }
}

/** Collects the answer while the file is read. */
class Report {
  readonly counts = { rows: 0, changed: 0, unchanged: 0, rejected: 0, dropped: 0, missing: 0 };
  readonly changed: IntakeFileReport['changed'][number][] = [];
  readonly rejected: IntakeFileReport['rejected'][number][] = [];
  missing: string[] = [];
  notes: Record<string, number> = {};
  readonly toApply = new Set<string>();
  /** Administrations whose queue or link state changed, announced once at commit. */
  readonly touched = new Set<string>();

  reject(row: number, externalId: string | null, errors: IntakeFileRowError[]): void {
    this.counts.rejected += 1;
    if (this.rejected.length < REPORT_LIST_LIMIT) this.rejected.push({ row, externalId, errors });
  }

  result(row: number, result: IntakeRecordResult): void {
    if (result.status === 'rejected') {
      const errors = result.errors.map((e) => ({ code: e.code, field: e.field, column: null, detail: e.message }));
      this.reject(row, result.externalId, errors);
    } else if (result.status === 'unchanged') {
      this.counts.unchanged += 1;
    } else {
      this.counts.changed += 1;
      const { externalId, created, fields } = result;
      if (this.changed.length < REPORT_LIST_LIMIT) this.changed.push({ row, externalId, created, fields });
    }
  }

  view(fileName: string, committed: boolean): IntakeFileReport {
    const { changed, rejected, missing, notes } = this;
    return { fileName, committed, counts: { ...this.counts }, changed, rejected, missing, notes };
  }
}

/** One chunk: merge the stored values into uncovered fields, check, compare and record (inside the transaction). */
async function flush(trx: Db, connection: Connection, chunk: readonly Pending[], report: Report, now: Date) {
  if (chunk.length === 0) return;
  await lockIntakeSource(trx, connection.id);
  const stored = await findIntakeRecords(
    trx,
    connection.id,
    chunk.map(({ record }) => record.externalId),
  );
  const merged = chunk.map(({ record }) => mergeFileRecord(record, stored.get(record.externalId) ?? null));
  const { valid, rejected } = checkRecords(merged);
  const { results, toApply, touched } = await recordBatch(trx, connection, valid, now, stored);
  for (const result of [...results, ...rejected].sort((a, b) => a.index - b.index)) {
    report.result(chunk[result.index]?.row ?? 0, result);
  }
  for (const id of toApply) report.toApply.add(id);
  for (const id of touched) report.touched.add(id);
}

function rowErrors(issues: readonly { code: string; column?: string; field?: string; detail?: string }[]) {
  return issues.map((issue) => ({
    code: issue.code,
    field: issue.field ?? null,
    column: issue.column ?? null,
    detail: issue.detail ?? null,
  }));
}

/** Reads the file and records it chunk by chunk in `trx`; throws Abort for a refused file or a late retraction. */
async function readInto(
  trx: Db,
  connection: Connection,
  input: FileImportInput,
  excluded: ReadonlySet<number>,
  now: Date,
) {
  const report = new Report();
  const seen = new Set<string>();
  const late = new Set<number>();
  let pending = new Map<number, Pending>();
  for await (const event of readIntakeFile(input.path, { mapping: input.mapping, maxBytes: input.maxBytes })) {
    if (event.kind === 'file_rejected') throw new Abort({ kind: 'file_rejected', reject: event.reject });
    if (event.kind === 'end') {
      report.notes = { ...event.counts.notes };
      report.counts.dropped = event.counts.dropped;
      break;
    }
    report.counts.rows += 1;
    if (event.kind === 'dropped') continue;
    if (event.kind === 'rejected') {
      if (event.externalId !== null) seen.add(event.externalId);
      const flushed = event.retracts && !excluded.has(event.row) && !pending.delete(event.row);
      if (flushed) late.add(event.row);
      if (event.retracts) report.counts.rows -= 1; // the row was counted with its record
      report.reject(event.row, event.externalId, rowErrors(event.issues));
      continue;
    }
    seen.add(event.record.externalId);
    if (excluded.has(event.row)) continue;
    pending.set(event.row, { row: event.row, record: event.record });
    if (pending.size >= FILE_CHUNK_ROWS) {
      await flush(trx, connection, [...pending.values()], report, now);
      pending = new Map();
    }
  }
  await flush(trx, connection, [...pending.values()], report, now);
  // A row recorded in an earlier chunk was later found to share its id with another row: read again without it.
  if (late.size > 0) throw new Abort({ kind: 'retracted', rows: new Set([...excluded, ...late]) });
  await reportMissing(trx, connection.id, seen, report);
  return report;
}

/** Stored ids read per page when looking for records the file lacks. */
const MISSING_PAGE = 5_000;

/** Counts the active stored records the file lacks (and lists the first ones), reading the stored ids page by page. */
async function reportMissing(trx: Db, connectionId: string, seen: ReadonlySet<string>, report: Report) {
  for (let after: string | null = null; ;) {
    const page = await activeIntakeIds(trx, connectionId, { after, limit: MISSING_PAGE });
    for (const id of page.filter((stored) => !seen.has(stored))) {
      report.counts.missing += 1;
      if (report.missing.length < REPORT_LIST_LIMIT) report.missing.push(id);
    }
    after = page.at(-1) ?? null;
    if (page.length < MISSING_PAGE || after === null) return;
  }
}

async function finish(trx: Db, connection: Connection, input: FileImportInput, report: Report, now: Date) {
  await touchIntakeSource(trx, connection.id, now);
  const { changed, unchanged, rejected, missing } = report.counts;
  await appendAudit(trx, [
    {
      portalId: connection.portalId,
      action: 'intake_batch_received',
      reason: input.fileName,
      details: { origin: 'file', changed, unchanged, rejected, missing },
      at: now,
    },
  ]);
  await announceReviewChange(trx, report.touched);
}

/** Reads the file once (twice after a late retraction) and records it, or answers the preview, in one transaction. */
export async function importIntakeFile(
  deps: Pick<AppDeps, 'db' | 'clock' | 'queue'>,
  connection: Connection,
  input: FileImportInput,
): Promise<Outcome<IntakeFileReport>> {
  let excluded: ReadonlySet<number> = new Set();
  for (;;) {
    try {
      const report = await deps.db.transaction().execute(async (trx) => {
        const read = await readInto(trx, connection, input, excluded, deps.clock());
        if (input.mode === 'preview') throw new Abort({ kind: 'preview', report: read.view(input.fileName, false) });
        await finish(trx, connection, input, read, deps.clock());
        return read;
      });
      await enqueueApply(deps.queue, connection.portalId, [...report.toApply]);
      return ok(report.view(input.fileName, true));
    } catch (error) {
      if (!(error instanceof Abort)) throw error;
      const why = error.why;
      if (why.kind === 'preview') return ok(why.report);
      if (why.kind === 'retracted') excluded = why.rows;
      else return fileRejected(why.reject);
    }
  }
}

/** A refused file as a failure; `reason` is the file code the UI words, `detail` says where. */
export function fileRejected(reject: FileReject) {
  const where = reject.line === null ? '' : ` at line ${String(reject.line)}`;
  const column = reject.column === undefined ? '' : ` (column "${reject.column}")`;
  const detail = reject.detail === undefined ? '' : `: ${reject.detail}`;
  return fail('intake_file_rejected', `${reject.code}${where}${column}${detail}`, {
    reason: reject.code,
    ...(reject.line === null
      ? {}
      : {
          errors: [
            {
              field: `line ${String(reject.line)}`,
              code: 'invalid',
              params: { reason: reject.code },
              message: reject.code,
            },
          ],
        }),
  });
}
