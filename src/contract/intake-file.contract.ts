/** The HTTP contract of the file import: upload and inspection, the saved mapping, and the preview/commit report. */
import { z } from 'zod';

import { intakeTargets } from '../core/intake/file-record.js';
import { intakePresetIds } from '../core/intake/presets.js';
import { intakeFieldChangeSchema } from './intake.contract.js';

/** Codes the web words: a refused file (`intake_file_rejected` + `reason`), a refused row, a repair. */
export { fileRejectCodes, noteCodes, rowRejectCodes } from '../core/intake/file-record.js';
/** The dotted field names a preview's changes carry. */
export { intakeRecordFieldNames } from '../core/intake/record.js';

export const intakeColumnTargetSchema = z.enum([...intakeTargets, 'ignore']);
export const intakePresetSchema = z.enum(intakePresetIds);

const columnMappingSchema = z
  .record(z.string().min(1).max(200), intakeColumnTargetSchema)
  .describe('{ "<column header>": "<target>" | "ignore" } (docs/intake-files.md)');

export const intakeMappingBody = z.object({
  mapping: columnMappingSchema,
  preset: intakePresetSchema.nullable().default(null),
});
export type IntakeMappingBody = z.infer<typeof intakeMappingBody>;

export const intakeSavedMappingSchema = z.object({
  mapping: columnMappingSchema,
  preset: z.string().nullable(),
  updatedAt: z.iso.datetime(),
});
export type IntakeSavedMappingView = z.infer<typeof intakeSavedMappingSchema>;

export const intakeUploadQuery = z.object({
  filename: z.string().trim().min(1).max(255).describe('the original file name (for the report and audit)'),
  preset: intakePresetSchema.optional(),
});
export const intakeSuggestionQuery = z.object({ preset: intakePresetSchema.optional() });
/** `<upload folder tag>.<uuid>`: the tag tells the instance that keeps the bytes (a bare uuid from before also passes). */
const intakeUploadId = z
  .string()
  .regex(/^(?:[0-9a-f]{8}\.)?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/)
  .describe('upload id: the tag of the upload folder that keeps the file, a dot, a uuid');
export const intakeUploadParams = z.object({ id: z.uuid(), uploadId: intakeUploadId });

export const intakeInspectionSchema = z.object({
  upload: z.object({
    id: intakeUploadId,
    fileName: z.string(),
    sizeBytes: z.number().int(),
    expiresAt: z.iso.datetime(),
  }),
  format: z.object({
    kind: z.enum(['csv', 'xlsx']),
    encoding: z.string().optional(),
    delimiter: z.string().optional(),
  }),
  headers: z.array(z.string()),
  sample: z.array(z.array(z.string())),
  suggestion: z.object({
    mapping: columnMappingSchema,
    unknown: z.array(z.string()),
    externalIdMissing: z.boolean(),
    checkAgainstYourExport: z.boolean(),
  }),
  /** The source's saved mapping; null at the first upload (the user maps the columns first). */
  savedMapping: intakeSavedMappingSchema.nullable(),
});
export type IntakeInspectionView = z.infer<typeof intakeInspectionSchema>;

export const intakeFileRowErrorSchema = z.object({
  code: z.string().describe('a row code (docs/intake-files.md) or a record field error code'),
  field: z.string().nullable(),
  column: z.string().nullable(),
  detail: z.string().nullable(),
});
export type IntakeFileRowError = z.infer<typeof intakeFileRowErrorSchema>;

export const intakeFileReportSchema = z.object({
  fileName: z.string(),
  /** false: a preview, nothing was recorded. */
  committed: z.boolean(),
  counts: z.object({
    rows: z.number().int(),
    changed: z.number().int(),
    unchanged: z.number().int(),
    rejected: z.number().int(),
    dropped: z.number().int(),
    missing: z.number().int().describe('active stored records this file does not contain (reported, never deleted)'),
  }),
  changed: z.array(
    z.object({
      row: z.number().int(),
      externalId: z.string(),
      created: z.boolean(),
      fields: z.array(intakeFieldChangeSchema),
    }),
  ),
  rejected: z.array(
    z.object({ row: z.number().int(), externalId: z.string().nullable(), errors: z.array(intakeFileRowErrorSchema) }),
  ),
  missing: z.array(z.string()),
  notes: z.record(z.string(), z.number().int()).describe('repairs made, per note code'),
});
export type IntakeFileReport = z.infer<typeof intakeFileReportSchema>;

/** The watched folder's last word on a source (CRMHUB_INTAKE_DIR/<source id>/); null before any file was seen. */
export const intakeFolderStatusSchema = z
  .object({
    state: z.enum(['imported', 'rejected', 'mapping_missing']),
    fileName: z.string(),
    at: z.iso.datetime(),
  })
  .nullable();
export type IntakeFolderStatusView = z.infer<typeof intakeFolderStatusSchema>;
