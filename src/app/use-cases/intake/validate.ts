/** Checks candidate records one by one against the normalised record schema: each bad one is rejected alone. */
import { intakeRecordSchema } from '../../../contract/intake.contract.js';
import { invalidIntakeValues } from '../../../core/intake/merge.js';
import { duplicateExternalIds } from '../../../core/intake/record.js';

import type { z } from 'zod';
import type { IntakeFieldError, IntakeRecordResult } from '../../../contract/intake.contract.js';
import type { IntakeRecord } from '../../../core/intake/record.js';

export type CheckedRecord = { readonly index: number; readonly record: IntakeRecord };
export type RejectedRecord = Extract<IntakeRecordResult, { status: 'rejected' }>;

/** The value at a path of the candidate (zod's issues do not carry it). */
function valueAt(candidate: unknown, path: readonly PropertyKey[]): unknown {
  let value = candidate;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

function codeOf(issue: z.core.$ZodIssue, candidate: unknown): IntakeFieldError['code'] {
  if (issue.code === 'invalid_type') return valueAt(candidate, issue.path) === undefined ? 'required' : 'invalid_type';
  if (issue.code === 'too_big') return 'too_long';
  return issue.code === 'unrecognized_keys' ? 'unknown_field' : 'invalid_value';
}

/** Field errors of a zod failure, one per issue (one per unknown key), named by their dotted path in the record. */
export function fieldErrorsOf(error: z.ZodError, candidate: unknown): IntakeFieldError[] {
  return error.issues.flatMap((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: path === '' ? key : `${path}.${key}`,
        code: 'unknown_field' as const,
        message: 'is not a field of an intake record (docs/intake.md)',
      }));
    }
    return [{ field: path === '' ? '(record)' : path, code: codeOf(issue, candidate), message: issue.message }];
  });
}

function externalIdOf(raw: unknown): string | null {
  if (typeof raw !== 'object' || raw === null || !('externalId' in raw)) return null;
  const id = raw.externalId;
  return typeof id === 'string' && id.trim() !== '' ? id.trim() : null;
}

function valueError(invalid: { field: string; reason: string }): IntakeFieldError {
  return { field: invalid.field, code: 'invalid_value', message: invalid.reason };
}

/** Splits candidates into valid records and rejections; every record of an external id given twice is rejected. */
export function checkRecords(raw: readonly unknown[]): { valid: CheckedRecord[]; rejected: RejectedRecord[] } {
  const duplicates = duplicateExternalIds(raw.map(externalIdOf));
  const valid: CheckedRecord[] = [];
  const rejected: RejectedRecord[] = [];
  raw.forEach((candidate, index) => {
    const externalId = externalIdOf(candidate);
    if (externalId !== null && duplicates.has(externalId)) {
      const message = 'occurs more than once in this batch; send each record once';
      const errors = [{ field: 'externalId', code: 'duplicate_external_id' as const, message }];
      rejected.push({ index, externalId, status: 'rejected', errors });
      return;
    }
    const parsed = intakeRecordSchema.safeParse(candidate);
    if (!parsed.success) {
      rejected.push({ index, externalId, status: 'rejected', errors: fieldErrorsOf(parsed.error, candidate) });
      return;
    }
    // Invalid values are rejected at either door (push and file alike), named by the validator's reason.
    const invalid = invalidIntakeValues(parsed.data);
    if (invalid.length === 0) valid.push({ index, record: parsed.data });
    else rejected.push({ index, externalId, status: 'rejected', errors: invalid.map(valueError) });
  });
  return { valid, rejected };
}
